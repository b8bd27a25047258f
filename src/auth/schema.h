// The SQL of the auth tables (account, session), compiled in from src/auth/schema.sql.
#pragma once

namespace fullrecord::auth {

// The text of src/auth/schema.sql: several statements, each ending with ';', every one
// idempotent (CREATE … IF NOT EXISTS), no ';' inside a statement. Static storage; never null.
const char* AuthSchemaSql();

}  // namespace fullrecord::auth
