#include "archive/registry.h"

namespace fullrecord::archive {
namespace {

constexpr const char* kSelectSet =
    "SELECT s.id, s.case_id, c.number, s.code, s.maker, s.media, s.label, s.out_dir, "
    "s.location, s.state, s.made_us, s.registered_by, s.registered_us "
    "FROM disc_set s JOIN case_file c ON c.id = s.case_id";

std::string TextOrEmpty(const store::Row& r, size_t i) { return r.IsNull(i) ? "" : r.Text(i); }

DiscSetRow SetFromRow(const store::Row& r) {
  DiscSetRow s;
  s.id = r.Int(0);
  s.case_id = r.Int(1);
  s.case_number = r.Text(2);
  s.code = r.Text(3);
  s.maker = r.Text(4);
  s.media = r.Text(5);
  s.label = r.Text(6);
  s.out_dir = r.Text(7);
  s.location = TextOrEmpty(r, 8);
  s.state = r.Text(9);
  s.made_us = r.Int(10);
  s.registered_by = TextOrEmpty(r, 11);
  s.registered_us = services::OptionalInt(r, 12);
  return s;
}

Status LoadDiscs(services::Context& ctx, DiscSetRow& s) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query(
      "SELECT seq, total, image_sha256, image_sm3, size, label_text, image_file, readback "
      "FROM disc WHERE set_id = ? ORDER BY seq", {s.id}));
  for (const auto& r : rows) {
    s.discs.push_back({static_cast<int>(r.Int(0)), static_cast<int>(r.Int(1)), r.Text(2),
                       TextOrEmpty(r, 3), static_cast<uint64_t>(r.Int(4)), r.Text(5), r.Text(6),
                       TextOrEmpty(r, 7)});
  }
  return Status::Ok();
}

Json DiscsJson(const DiscSetRow& set) {
  Json discs = Json::array();
  for (const auto& d : set.discs) {
    discs.push_back({{"seq", d.seq}, {"total", d.total}, {"sha256", d.image_sha256},
                     {"size", d.size}});
  }
  return discs;
}

}  // namespace

Result<int64_t> RecordMadeSet(services::Context& ctx, const services::Actor& actor,
                              const DiscSetRow& set) {
  int64_t id = 0;
  Status s = services::Commit(ctx, actor, "disc_set.made", [&](Json& d) -> Status {
    FR_RETURN_IF_ERROR(ctx.db.Exec(
        "INSERT INTO disc_set (case_id, code, maker, made_us, media, label, out_dir, state) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 'made')",
        {set.case_id, set.code, set.maker, set.made_us, set.media, set.label, set.out_dir}));
    FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query("SELECT id FROM disc_set WHERE code = ?", {set.code}));
    id = rows.at(0).Int(0);
    for (const auto& disc : set.discs) {
      FR_RETURN_IF_ERROR(ctx.db.Exec(
          "INSERT INTO disc (set_id, seq, total, image_sha256, size, label_text, image_file) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {id, int64_t{disc.seq}, int64_t{disc.total}, disc.image_sha256,
           static_cast<int64_t>(disc.size), disc.label_text, disc.image_file}));
    }
    d = {{"case", set.case_id}, {"number", set.case_number}, {"set", id}, {"code", set.code},
         {"maker", set.maker}, {"media", set.media}, {"discs", DiscsJson(set)}};
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return id;
}

Result<DiscSetRow> LoadSet(services::Context& ctx, int64_t id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query(std::string(kSelectSet) + " WHERE s.id = ?", {id}));
  if (rows.empty()) {
    return Status::NotFound("no disc set " + std::to_string(id),
                            "未找到编号为 " + std::to_string(id) + " 的光盘组");
  }
  DiscSetRow s = SetFromRow(rows[0]);
  FR_RETURN_IF_ERROR(LoadDiscs(ctx, s));
  return s;
}

Result<std::vector<DiscSetRow>> SetsOfCase(services::Context& ctx, int64_t case_id) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx.db.Query(
      std::string(kSelectSet) + " WHERE s.case_id = ? ORDER BY s.id", {case_id}));
  std::vector<DiscSetRow> out;
  for (const auto& r : rows) {
    out.push_back(SetFromRow(r));
    FR_RETURN_IF_ERROR(LoadDiscs(ctx, out.back()));
  }
  return out;
}

Status RecordReadback(services::Context& ctx, const services::Actor& actor, int64_t id,
                      const std::vector<Readback>& readbacks, const std::string& state,
                      const std::string& location) {
  FR_ASSIGN_OR_RETURN(DiscSetRow set, LoadSet(ctx, id));
  if (set.state == "registered") {
    return Status::FailedPrecondition("disc set " + std::to_string(id) + " is already registered",
                                      "该光盘组已登记存放位置");
  }
  if (readbacks.size() != set.discs.size()) {
    return Status::InvalidArgument(
        "disc set " + std::to_string(id) + " has " + std::to_string(set.discs.size()) + " discs",
        "该光盘组共有 " + std::to_string(set.discs.size()) + " 张光盘，读取结果的数量与之不符");
  }
  bool registering = state == "registered";
  return services::Commit(ctx, actor, "disc_set." + state, [&](Json& d) -> Status {
    for (size_t i = 0; i < readbacks.size(); ++i) {
      FR_RETURN_IF_ERROR(ctx.db.Exec(
          "UPDATE disc SET image_sm3 = ?, readback = ? WHERE set_id = ? AND seq = ?",
          {readbacks[i].image_sm3, readbacks[i].source, id, static_cast<int64_t>(i + 1)}));
    }
    FR_RETURN_IF_ERROR(ctx.db.Exec(
        "UPDATE disc_set SET state = ?, location = COALESCE(?, location), registered_by = ?, "
        "registered_us = ? WHERE id = ?",
        {state, registering ? store::Value(location) : store::Value(),
         registering ? store::Value(actor.id) : store::Value(),
         registering ? store::Value(ctx.now()) : store::Value(), id}));
    d = {{"case", set.case_id}, {"number", set.case_number}, {"set", id}, {"code", set.code}};
    if (registering) d["location"] = location;
    return Status::Ok();
  });
}

}  // namespace fullrecord::archive
