// One visitor out of several lambdas, for std::visit over the message variants.
#pragma once

namespace ep::tws_client {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace ep::tws_client
