#include "archive/disc_set.h"

#include <set>
#include <sstream>

#include "archive/bag.h"
#include "archive/index_doc.h"
#include "crypto/digest.h"
#include "services/calendar.h"

namespace fullrecord::archive {
namespace {

// The files of one disc as they are composed: payload first, then tag files.
class DiscFiles {
 public:
  // A file made here, with its digests computed from its bytes.
  void AddMade(const std::string& path, std::string content, bool payload) {
    BagFile f{path, crypto::DigestHex(crypto::Sha256(content)),
              crypto::DigestHex(crypto::Sm3(content)), content.size()};
    (payload ? payload_ : tags_).push_back(f);
    ImageFile img;
    img.path = path;
    img.content = std::move(content);
    files_.push_back(std::move(img));
  }
  // A piece of an original in the vault, with digests known from its ingest (or part pass).
  void AddOriginal(ImageFile img, std::string sm3) {
    payload_.push_back({img.path, img.expect_sha256, std::move(sm3), img.length});
    files_.push_back(std::move(img));
  }
  const std::vector<BagFile>& payload() const { return payload_; }
  const std::vector<BagFile>& tags() const { return tags_; }
  std::vector<ImageFile> Take() { return std::move(files_); }

 private:
  std::vector<BagFile> payload_, tags_;
  std::vector<ImageFile> files_;
};

const char* KindZh(const std::string& kind) { return kind == "av" ? "音像记录" : "文字记录"; }

std::string CheckpointSummary(const std::string& note) {
  std::istringstream in(note);
  std::string origin, size, root;
  std::getline(in, origin);
  std::getline(in, size);
  std::getline(in, root);
  return origin + "，树大小 " + size + "，根 " + root;
}

// The (original, piece) pairs of the whole set, with the disc each is on.
Json SetMap(const SetMaterial& m) {
  Json out = Json::array();
  for (size_t d = 0; d < m.plans.size(); ++d) {
    for (const auto& p : m.plans[d].pieces) {
      const Original& o = m.content->originals[p.file];
      Json j = {{"file", PiecePath(o, p)}, {"disc", d + 1}, {"original_sha256", o.sha256},
                {"original_sm3", o.sm3}};
      if (p.parts > 1) {
        j["part"] = p.part;
        j["parts"] = p.parts;
        j["offset"] = p.offset;
        j["length"] = p.length;
        j["original_file"] = o.path;
        j["original_size"] = o.size;
      }
      out.push_back(j);
    }
  }
  return out;
}

Json DiscJson(const SetMaterial& m, int seq) {
  const auto& s = m.spec;
  const auto& c = m.content->kase;
  return {{"format", "fullrecord-disc/v1"},
          {"set", {{"code", s.code}, {"label", s.label}, {"media", s.media.code},
                   {"media_name", s.media.name}, {"capacity", s.media.capacity},
                   {"made", FormatUtc(s.made_us)}, {"maker", m.content->maker_id},
                   {"maker_name", m.content->maker_name}, {"origin", s.origin},
                   {"case_number", c.number}, {"discs", m.plans.size()}}},
          {"disc", {{"seq", seq}, {"total", m.plans.size()}}},
          {"files", SetMap(m)}};
}

DiscIndex MakeIndex(const SetMaterial& m, int seq, const std::vector<BagFile>& originals) {
  const auto& c = m.content->kase;
  DiscIndex x{c.number, c.title, services::CaseKindNameZh(c.kind), c.section,
              services::RetentionNameZh(c.retention), m.content->maker_name,
              m.content->maker_id, ShanghaiDay(m.spec.made_us), FormatUtc(m.spec.made_us),
              m.content->deadline_us ? ShanghaiDay(*m.content->deadline_us) : "",
              seq, static_cast<int>(m.plans.size()), m.spec.label, m.spec.media.name,
              CheckpointSummary(m.evidence->checkpoint_note), {},
              m.report->ok() ? "通过 / passed" : "未通过 / FAILED", {}};
  std::istringstream keys(m.keys.count("ledger.vkeys") ? m.keys.at("ledger.vkeys") : "");
  for (std::string line; std::getline(keys, line);) {
    if (!line.empty()) x.keys.push_back(line);
  }
  const auto& pieces = m.plans[seq - 1].pieces;
  for (size_t i = 0; i < pieces.size(); ++i) {
    const Original& o = m.content->originals[pieces[i].file];
    std::string note = pieces[i].parts > 1 ? "第 " + std::to_string(pieces[i].part) + "/" +
                                                 std::to_string(pieces[i].parts) + " 部分，原文件 " +
                                                 HumanSize(o.size)
                                           : "";
    x.rows.push_back({originals[i].path, KindZh(o.kind), o.identity.type.code, originals[i].size,
                      originals[i].sha256, originals[i].sm3, note});
  }
  return x;
}

void AddOriginals(const SetMaterial& m, int seq, DiscFiles& files) {
  for (const auto& p : m.plans[seq - 1].pieces) {
    const Original& o = m.content->originals[p.file];
    ImageFile img;
    img.path = PiecePath(o, p);
    img.blob = o.sha256;
    img.offset = p.offset;
    img.length = p.length;
    std::string sm3 = o.sm3;
    img.expect_sha256 = o.sha256;
    if (p.parts > 1) {
      const PartDigest& d = m.parts.at({p.file, p.part});
      img.expect_sha256 = d.sha256;
      sm3 = d.sm3;
    }
    files.AddOriginal(std::move(img), sm3);
  }
}

void AddLedger(const SetMaterial& m, int seq, DiscFiles& files) {
  files.AddMade("data/ledger/checkpoint.txt", m.evidence->checkpoint_note, true);
  std::set<size_t> done;
  for (const auto& p : m.plans[seq - 1].pieces) {
    if (!done.insert(p.file).second) continue;
    const Original& o = m.content->originals[p.file];
    files.AddMade("data/ledger/proofs/" + o.sha256 + ".json",
                  m.evidence->proofs.at(o.sha256).ToJson().dump(2) + "\n", true);
  }
  for (const auto& [name, content] : m.keys) files.AddMade("data/keys/" + name, content, true);
}

std::vector<std::pair<std::string, std::string>> BagInfoFields(const SetMaterial& m, int seq,
                                                               const DiscFiles& files) {
  const auto& c = m.content->kase;
  std::string retention = std::string(services::RetentionCode(c.retention)) + " " +
                          services::RetentionNameZh(c.retention);
  std::vector<std::pair<std::string, std::string>> f = {
      {"Source-Organization", m.spec.origin},
      {"External-Identifier", c.number},
      {"External-Description", c.title + " / 音像记录归档光盘 (R13.1)"},
      {"Bagging-Date", ShanghaiDay(m.spec.made_us)},
      {"Bag-Group-Identifier", m.spec.code},
      {"Bag-Count", std::to_string(seq) + " of " + std::to_string(m.plans.size())},
      {"Payload-Oxum", PayloadOxum(files.payload())},
      {"Bag-Software-Agent", "fullrecord (docs/disc_format.md)"},
      {"Case-Number", c.number},
      {"Case-Title", c.title},
      {"Maker", m.content->maker_name + " (" + m.content->maker_id + ")"},
      {"Made-Date", ShanghaiDay(m.spec.made_us)},
      {"Made-Time", FormatUtc(m.spec.made_us)},
      {"Retention-Class", retention},
      {"Media", m.spec.media.name},
      {"Four-Property-Check", m.report->ok() ? "passed" : "FAILED"}};
  if (m.content->deadline_us) f.push_back({"Archive-Deadline-R13-1", ShanghaiDay(*m.content->deadline_us)});
  return f;
}

}  // namespace

std::string ShanghaiDay(UnixMicros t) { return services::ShanghaiDate(t).ToString(); }

std::string PiecePath(const Original& o, const Piece& p) {
  if (p.parts == 1) return o.path;
  return o.path + ".part" + std::to_string(p.part) + "of" + std::to_string(p.parts);
}

std::string VolumeId(const SetSpec& spec, int seq, int total) {
  return spec.code + "_" + std::to_string(seq) + "OF" + std::to_string(total);
}

Result<std::vector<ImageFile>> ComposeDisc(const SetMaterial& m, int seq) {
  DiscFiles files;
  AddOriginals(m, seq, files);
  std::vector<BagFile> originals = files.payload();
  files.AddMade("data/case.json", CaseJson(*m.content).dump(2) + "\n", true);
  files.AddMade("data/disc.json", DiscJson(m, seq).dump(2) + "\n", true);
  files.AddMade("data/check-report.json", m.report->ToJson().dump(2) + "\n", true);
  files.AddMade("data/四性检测报告.txt", m.report->ToText(), true);
  AddLedger(m, seq, files);
  DiscIndex index = MakeIndex(m, seq, originals);
  files.AddMade("data/索引.html", IndexHtml(index), true);
  FR_ASSIGN_OR_RETURN(std::string pdf, IndexPdf(index));
  files.AddMade("data/索引.pdf", std::move(pdf), true);

  // Tag files, in the order RFC 8493 builds them: declaration, info, manifests, notes, then the
  // tag manifests over all of those.
  files.AddMade(kBagitTxt, BagitDeclaration(), false);
  files.AddMade(kBagInfoTxt, BagInfoText(BagInfoFields(m, seq, files)), false);
  files.AddMade(kManifestSha256, ManifestText(files.payload(), false), false);
  files.AddMade(kManifestSm3, ManifestText(files.payload(), true), false);
  files.AddMade("读我.txt", ReaderNote(true, m, seq), false);
  files.AddMade("README.txt", ReaderNote(false, m, seq), false);
  std::vector<BagFile> tags = files.tags();
  files.AddMade(kTagManifestSha256, ManifestText(tags, false), false);
  files.AddMade(kTagManifestSm3, ManifestText(tags, true), false);
  return files.Take();
}

}  // namespace fullrecord::archive
