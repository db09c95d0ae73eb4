// yaml-cpp for the config module's readers (config.yaml, REPLACEMENTS_FILE). yaml-cpp 0.7's
// node/impl.h trips GCC 12's -Wdangling-pointer (a false positive in the library's header), so
// the warning is silenced for that header only, here, once.
#pragma once

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdangling-pointer"
#endif
#include <yaml-cpp/yaml.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
