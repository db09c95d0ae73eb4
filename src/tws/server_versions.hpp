// Server versions at which the layouts of our subset change (docs/tws-wire-protocol.md §4.2).
// The message ids are in each message's traits (message_traits.hpp). Plain constants; any
// thread.
#pragma once

namespace ep::tws {

// placeOrder/openOrder/completedOrder lose faProfile.
constexpr int kVersionFaProfileDesupport = 177;
constexpr int kVersionPendingPriceRevision = 178;  // execDetails gains pendingPriceRevision

}  // namespace ep::tws
