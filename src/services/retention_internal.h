// Helpers the retention service's source files share; not part of its interface.
#pragma once

#include <string>

#include "services/retention.h"

namespace fullrecord::services::retention_detail {

// Whether `s` holds nothing but white space.
bool Blank(const std::string& s);
// Longer periods rank higher; permanent above every period in years.
int Rank(RetentionClass r);
// One row of the case's retention history, in the caller's transaction.
Status InsertChange(Context& ctx, const RetentionChange& ch);

}  // namespace fullrecord::services::retention_detail
