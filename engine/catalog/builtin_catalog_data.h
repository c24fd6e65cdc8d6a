#ifndef SUPPLYRISK_ENGINE_CATALOG_BUILTIN_CATALOG_DATA_H_
#define SUPPLYRISK_ENGINE_CATALOG_BUILTIN_CATALOG_DATA_H_

namespace supplyrisk::catalog::internal {

// Text of data/cpsf_catalog.textproto, embedded by a genrule (see BUILD.bazel).
extern const char kBuiltinCatalogText[];

}  // namespace supplyrisk::catalog::internal

#endif  // SUPPLYRISK_ENGINE_CATALOG_BUILTIN_CATALOG_DATA_H_
