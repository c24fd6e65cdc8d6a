#ifndef SUPPLYRISK_ENGINE_QUESTIONNAIRE_TEST_CATALOG_H_
#define SUPPLYRISK_ENGINE_QUESTIONNAIRE_TEST_CATALOG_H_

// A small valid catalogue for unit tests, so they do not move when the built-in catalogue grows.
// Measures: id, category, cell, directives, SCS category, stars, factors.
//   CPS.AM-1 AM L1 x Organization  4    identify     3,4  -
//   CPS.MA-1 MA L3 x Component     5    protect      3,4  patching_cadence
//   SR.PT-1  PT L2 x System        5    protect      4    network_security
//   SR.AC-1  AC L3 x People        5    protect      -    leaked_credentials
//   CPS.RP-1 RP L1 x Procedure     7,8  respond      4    -
//   SR.SC-1  SC L1 x Organization  9    supplier     3,4  -
// Every other cell is listed as empty. Observed by scans: CPS.MA-1 (patching_cadence: findings
// unpatched_cve, end_of_life_software; confirmation patched_within_deadline).

#include "engine/catalog/catalog.h"

namespace supplyrisk::questionnaire::testing {

const catalog::CatalogIndex& TestCatalog();

}  // namespace supplyrisk::questionnaire::testing

#endif  // SUPPLYRISK_ENGINE_QUESTIONNAIRE_TEST_CATALOG_H_
