// BureauService: recording devices and who held them when (R11.2).
#include <algorithm>

#include "services/bureau.h"

namespace fullrecord::services {
namespace {

const std::vector<std::string> kDeviceTypes = {"body_camera", "camera", "audio_recorder",
                                               "camcorder", "cctv"};

}  // namespace

Status BureauService::RequireDeviceManager(const Actor& actor, const std::string& section,
                                           const Json& detail) {
  if (actor.console || actor.Has(Role::kSysAdmin)) return Status::Ok();
  if (actor.Has(Role::kSectionHead) || actor.Has(Role::kArchivist)) {
    auto me = GetPerson(actor.id);
    if (me.ok() && me->section == section) return Status::Ok();
  }
  return Refuse(ctx_, actor, "device.managed", detail,
                Status::PermissionDenied("devices are managed by the system administrator or "
                                         "the section's head or archivist",
                                         "执法记录设备只能由系统管理员或设备所属科室的负责人、"
                                         "档案员管理"));
}

Status BureauService::RegisterDevice(const Actor& actor, const Device& d) {
  FR_RETURN_IF_ERROR(RequireDeviceManager(actor, d.section, {{"serial", d.serial}}));
  if (d.serial.empty() || d.serial.find_first_of(" /") != std::string::npos) {
    return Status::InvalidArgument(
        "a device needs a serial number without spaces or '/'",
        d.serial.empty() ? "设备编号不能为空" : "设备编号不能包含空格或“/”");
  }
  if (std::find(kDeviceTypes.begin(), kDeviceTypes.end(), d.type) == kDeviceTypes.end()) {
    return Status::InvalidArgument(
        "unknown device type \"" + d.type +
            "\"; valid: body_camera, camera, audio_recorder, camcorder, cctv",
        "设备类型“" + d.type + "”无效，应为执法记录仪、照相机、录音笔、摄像机或视频监控设备");
  }
  return Commit(ctx_, actor, "device.registered", [&](Json& detail) {
    FR_ASSIGN_OR_RETURN(auto dup, ctx_.db.Query("SELECT 1 FROM device WHERE serial = ?", {d.serial}));
    if (!dup.empty()) {
      return Status::AlreadyExists("device " + d.serial + " is registered",
                                   "设备编号" + d.serial + "已登记");
    }
    FR_ASSIGN_OR_RETURN(auto sec, ctx_.db.Query("SELECT 1 FROM section WHERE code = ?", {d.section}));
    if (sec.empty()) {
      return Status::NotFound("no section " + d.section, "科室“" + d.section + "”不存在");
    }
    detail = {{"serial", d.serial}, {"type", d.type}, {"section", d.section}};
    return ctx_.db.Exec("INSERT INTO device (serial, type, section, created_us) VALUES (?, ?, ?, ?)",
                        {d.serial, d.type, d.section, ctx_.now()});
  });
}

Result<std::vector<Device>> BureauService::ListDevices() {
  FR_ASSIGN_OR_RETURN(auto rows,
                      ctx_.db.Query("SELECT serial, type, section FROM device ORDER BY serial"));
  std::vector<Device> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.IsNull(2) ? "" : r.Text(2)});
  return out;
}

Status BureauService::AssignDevice(const Actor& actor, const std::string& serial,
                                   const std::string& person, UnixMicros from_us) {
  FR_ASSIGN_OR_RETURN(auto dev, ctx_.db.Query("SELECT section FROM device WHERE serial = ?", {serial}));
  if (dev.empty()) return Status::NotFound("no device " + serial, "设备" + serial + "不存在");
  FR_RETURN_IF_ERROR(RequireDeviceManager(actor, dev[0].Text(0), {{"serial", serial}}));
  FR_RETURN_IF_ERROR(GetPerson(person).status());

  return Commit(ctx_, actor, "device.assigned", [&](Json& d) {
    FR_ASSIGN_OR_RETURN(auto open, ctx_.db.Query(
        "SELECT id, from_us FROM device_assignment WHERE serial = ? AND to_us IS NULL", {serial}));
    if (!open.empty() && open[0].Int(1) >= from_us) {
      return Status::InvalidArgument("device " + serial + " was issued at " +
                                         FormatUtc(open[0].Int(1)) +
                                         "; a new issue must come later",
                                     "设备" + serial + "已于" + FormatShanghaiTime(open[0].Int(1)) +
                                         "领用，新的领用时间须晚于该时间");
    }
    if (!open.empty()) {
      FR_RETURN_IF_ERROR(ctx_.db.Exec("UPDATE device_assignment SET to_us = ? WHERE id = ?",
                                      {from_us, open[0].Int(0)}));
    }
    d = {{"serial", serial}, {"person", person}, {"from", FormatUtc(from_us)}};
    return ctx_.db.Exec("INSERT INTO device_assignment (serial, person, from_us) VALUES (?, ?, ?)",
                        {serial, person, from_us});
  });
}

Status BureauService::ReturnDevice(const Actor& actor, const std::string& serial,
                                   UnixMicros at_us) {
  FR_ASSIGN_OR_RETURN(auto dev, ctx_.db.Query("SELECT section FROM device WHERE serial = ?", {serial}));
  if (dev.empty()) return Status::NotFound("no device " + serial, "设备" + serial + "不存在");
  FR_RETURN_IF_ERROR(RequireDeviceManager(actor, dev[0].Text(0), {{"serial", serial}}));
  return Commit(ctx_, actor, "device.returned", [&](Json& d) {
    FR_ASSIGN_OR_RETURN(auto open, ctx_.db.Query(
        "SELECT id, from_us FROM device_assignment WHERE serial = ? AND to_us IS NULL", {serial}));
    if (open.empty()) {
      return Status::FailedPrecondition("device " + serial + " is not issued",
                                        "设备" + serial + "当前未被领用，无需归还");
    }
    if (open[0].Int(1) > at_us) {
      return Status::InvalidArgument(
          "return precedes the issue",
          "归还时间不能早于领用时间（" + FormatShanghaiTime(open[0].Int(1)) + "）");
    }
    d = {{"serial", serial}, {"at", FormatUtc(at_us)}};
    return ctx_.db.Exec("UPDATE device_assignment SET to_us = ? WHERE id = ?",
                        {at_us, open[0].Int(0)});
  });
}

Result<std::string> BureauService::HolderAt(const std::string& serial, UnixMicros t) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(
      "SELECT person FROM device_assignment WHERE serial = ? AND from_us <= ? "
      "AND (to_us IS NULL OR to_us > ?) ORDER BY from_us DESC LIMIT 1",
      {serial, t, t}));
  if (rows.empty()) {
    return Status::NotFound("nobody held device " + serial + " at " + FormatUtc(t),
                            FormatShanghaiTime(t) + "时设备" + serial + "未配发给任何人");
  }
  return rows[0].Text(0);
}

Result<std::vector<Assignment>> BureauService::History(const std::string& serial) {
  FR_ASSIGN_OR_RETURN(auto rows, ctx_.db.Query(
      "SELECT person, from_us, to_us FROM device_assignment WHERE serial = ? ORDER BY from_us",
      {serial}));
  std::vector<Assignment> out;
  for (const auto& r : rows) out.push_back({serial, r.Text(0), r.Int(1), OptionalInt(r, 2)});
  return out;
}

}  // namespace fullrecord::services
