#include "api/serve.h"

#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

#include "api/daily_snapshot.h"
#include "api/routes.h"
#include "api/tus.h"
#include "auth/accounts.h"

namespace fullrecord::api {

void AddAllRoutes(Api& api) {
  AddSystemRoutes(api);
  AddAuthRoutes(api);
  AddBureauRoutes(api);
  AddCaseRoutes(api);
  AddRecordRoutes(api);
  AddReportRoutes(api);
  AddRetentionRoutes(api);
  AddCopyRoutes(api);
  AddArchiveRoutes(api);
  AddAdminRoutes(api);
  AddHistoryRoutes(api);
  AddUploadRoutes(api);
  AddFileRoutes(api);
}

namespace {

// The first start of an empty store makes the security administrator and shows its password once.
Status BootstrapAccounts(app::Store& store) {
  auto rows = store.db().Query("SELECT count(*) FROM account");
  if (!rows.ok()) return rows.status();
  if ((*rows)[0].Int(0) > 0) return Status::Ok();
  auto password = auth::AccountService(store.services()).Bootstrap();
  if (!password.ok()) return password.status();
  std::printf(
      "首次启动：已创建安全管理员账号 secadmin，初始密码（仅显示这一次，首次登录须修改）：\n"
      "First start: created the security administrator account secadmin; initial password "
      "(shown only now, must be changed at first sign-in):\n\n    %s\n\n",
      password->c_str());
  std::fflush(stdout);
  return Status::Ok();
}

}  // namespace

int RunServe(const ApiOptions& options) {
  // Signals are taken by a waiting thread, not by handlers.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto store = app::Store::Open(options.store_dir, true);
  if (!store.ok()) {
    std::fprintf(stderr, "fullrecord: %s\n", store.status().ToString().c_str());
    return 2;
  }
  for (const auto& w : (*store)->services_warnings()) spdlog::warn("{}", w);
  if (Status s = BootstrapAccounts(**store); !s.ok()) {
    std::fprintf(stderr, "fullrecord: %s\n", s.ToString().c_str());
    return 3;
  }

  Api api(options);
  AddAllRoutes(api);
  AddWebRoutes(api, api.mutable_router());
  if (Status s = api.Listen(); !s.ok()) {
    std::fprintf(stderr, "fullrecord: %s\n", s.ToString().c_str());
    return 3;
  }
  spdlog::info("listening on http://{}:{}/ store={}", options.http.address, api.port(),
               options.store_dir);
  std::printf("listening on http://%s:%u/\n", options.http.address.c_str(), api.port());
  std::fflush(stdout);

  // The day's compliance snapshot now, then whenever the day changes (checked every minute).
  DailySnapshot snapshots(options.store_dir, options.clock ? options.clock : NowMicros,
                          std::chrono::minutes(1));
  snapshots.Start();

  std::thread waiter([&api, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("signal {}: stopping", sig);
    api.Stop();
  });
  api.Serve();
  snapshots.Stop();
  if (waiter.joinable()) {
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  return 0;
}

}  // namespace fullrecord::api
