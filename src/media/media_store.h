// The media component's rows: facts probed from each original (media_facts) and the pictures
// and proxies made from it (derivative). Both are written once, each together with its ledger
// event ("media.probed", "derivative.created"), and never changed. Schema: docs/media.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "media/file_name.h"
#include "media/probe.h"
#include "services/context.h"

namespace fullrecord::media {

// What the import found out about one original.
struct FactsRecord {
  std::string sha256;
  std::string file_name;  // as the device named it
  MediaFacts media;
  std::optional<NameFacts> name;          // what the file name says, when a pattern matched
  std::optional<UnixMicros> recorded_us;  // start of recording: metadata, else the name
  Json findings = Json::array();          // [{"kind": "clock_drift", …}], see docs/media.md
  UnixMicros probed_us = 0;
};

struct DerivativeRecord {
  std::string original_sha256;
  std::string kind;  // "poster", "contact_sheet", "proxy"
  std::string sha256;
  UnixMicros created_us = 0;
  Json params = Json::object();
};

class MediaStore {
 public:
  // `ctx` must outlive the store. Not thread-safe (it uses ctx's one connection).
  explicit MediaStore(services::Context& ctx) : ctx_(ctx) {}

  // Records the facts of a blob already in the vault, with a "media.probed" ledger event, in one
  // transaction; probed_us is set from the context's clock. AlreadyExists when the blob has
  // facts; InvalidArgument when it is not in the vault.
  Status AddFacts(const services::Actor& actor, FactsRecord record);
  // The facts of `sha256`; nullopt when it has none.
  Result<std::optional<FactsRecord>> GetFacts(const std::string& sha256);
  // Blobs that were probed under `file_name` and are `size` bytes long: the candidates a file
  // seen again may be. Cheap: no blob is read.
  Result<std::vector<std::string>> FindByNameAndSize(const std::string& file_name, uint64_t size);

  // Links a derivative (already in the vault) to its original, with a "derivative.created"
  // ledger event, in one transaction. AlreadyExists when the original has one of that kind.
  Status AddDerivative(const services::Actor& actor, DerivativeRecord record);
  Result<std::vector<DerivativeRecord>> ListDerivatives(const std::string& original_sha256);
  Result<bool> HasDerivative(const std::string& original_sha256, const std::string& kind);

 private:
  Status RequireBlob(const std::string& sha256);

  services::Context& ctx_;
};

// The JSON stored in media_facts.facts and back.
Json FactsRecordJson(const FactsRecord& record);
Json NameFactsJson(const NameFacts& name);

}  // namespace fullrecord::media
