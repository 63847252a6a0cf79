// `onboard apply`: carry out a plan, computed now from the manifests or loaded from a saved
// plan (refused if the live objects it was computed from have changed since).

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <map>
#include <iostream>
#include <sstream>

#include "cli/approval.h"
#include "cli/commands.h"
#include "cli/session.h"
#include "engine/exec/apply_events.h"
#include "engine/exec/dry_run_transport.h"
#include "engine/exec/executor.h"
#include "engine/exec/journal.h"
#include "engine/io/bounded_file.h"
#include "engine/exec/apply_report.h"
#include "engine/lock/apply_lock.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/prune.h"
#include "engine/render/mask.h"
#include "engine/render/plan_view.h"
#include "engine/run/plan_integrity.h"
#include "engine/run/saved_plan_check.h"
#include "engine/text/style.h"

namespace onboard::cli {
namespace {

bool LoadSavedPlan(const std::string& path, Plan* plan) {
  std::string text, error;
  if (!ReadBoundedFile(path, kMaxSavedPlanBytes, "a saved plan", &text, &error) || !ReadPlanFile(text, plan, &error)) {
    std::fprintf(stderr, "error: --plan %s: %s\n", path.c_str(), error.c_str());
    return false;
  }
  return true;
}

// True when there is none; else prints each and refuses the plan.
bool PrintIntegrityProblems(const std::vector<IntegrityProblem>& problems) {
  if (problems.empty()) return true;
  std::fprintf(stderr,
               "error: the saved plan was edited: what it would send differs from what it shows, so "
               "applying it could do what no reviewer saw:\n");
  for (const IntegrityProblem& p : problems)
    std::fprintf(stderr, "  %s: %s: %s\n", OneLine(p.address).c_str(), OneLine(p.field).c_str(), p.problem.c_str());
  std::fprintf(stderr, "Run `onboard plan --out FILE` again, review it, and apply the new plan. Nothing was written.\n");
  return false;
}

// Refuses a saved plan whose live objects changed since it was computed, or whose payload
// does not match what it shows (an edited file); customers whose company cannot be read now
// are taken out of the plan (they fail, the others are applied).
bool CheckNotStale(Plan& plan, Connection& connection, bool allow_mass_delete) {
  Diagnostics diags;
  LiveState fresh;
  std::vector<std::string> stale = ChangedSincePlan(&plan, *connection.client, &diags, &fresh);
  if (diags.has_errors()) {
    PrintDiagnostics(diags, isatty(STDERR_FILENO));
    return false;
  }
  if (stale.empty()) {
    if (!PrintIntegrityProblems(PlanIntegrityProblems(plan, fresh))) return false;
    // The guard again, against the live state now: a plan made without --allow-mass-delete
    // never holds such deletes, unless the file was edited.
    if (plan.allow_mass_delete || allow_mass_delete) return true;
    std::vector<MassDelete> mass = MassDeletes(plan, fresh);
    if (mass.empty()) return true;
    for (const MassDelete& m : mass) std::fprintf(stderr, "error: %s\n", MassDeleteError(m).ToString().c_str());
    std::fprintf(stderr, "The saved plan was not made with --allow-mass-delete. Nothing was written.\n");
    return false;
  }
  std::fprintf(stderr,
               "error: the saved plan is stale: the live state changed since it was computed, so "
               "applying it could undo someone's change. Changed since the plan:\n");
  for (const std::string& address : stale) std::fprintf(stderr, "  %s\n", address.c_str());
  std::fprintf(stderr, "Run `onboard plan --out FILE` again, review it, and apply the new plan. Nothing was written.\n");
  return false;
}

// Where the lock file goes: the manifest root (the first PATH when it is a folder, else the
// folder of that file), or the folder of a saved plan, one file per platform; "" when that
// folder does not exist (loading the manifests then says what is wrong).
std::string LockPath(const ApplyOptions& options) {
  std::string base = options.plan_file;
  if (base.empty()) base = options.common.paths.empty() ? "manifests" : options.common.paths.front();
  std::error_code ec;
  std::filesystem::path root(base);
  if (!std::filesystem::is_directory(root, ec)) root = root.parent_path();
  if (root.empty()) root = ".";
  if (!std::filesystem::is_directory(root, ec)) return "";
  return (root / ApplyLockFileName(ResolveApiUrl(options.common.connection))).string();
}

bool Approve() {
  std::fprintf(stderr, "\nDo you want to perform these actions?\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ");
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "yes";
}

}  // namespace

int RunApply(const ApplyOptions& options) {
  const CommonOptions& common = options.common;
  const bool json = common.format == OutputFormat::Json;
  const bool jsonl = common.format == OutputFormat::Jsonl;
  JsonlEvents events(std::cout, options.dry_run);
  // Approval is settled before anything is read or written.
  if (std::string refusal = ApprovalRefusal(options, StdinIsTerminal()); !refusal.empty()) {
    std::fprintf(stderr, "error: %s\n", refusal.c_str());
    return 1;
  }

  // Taken before the live state is read, so a run that waited plans against what the other
  // run left. A dry run writes nothing and takes no lock.
  // A lock file that cannot be made (a read-only checkout) only costs the lock: the
  // executor's creates converge without it.
  std::optional<ApplyLock> lock;
  if (const std::string lock_path = LockPath(options); !options.dry_run && !lock_path.empty()) {
    std::chrono::milliseconds timeout{0};
    ParseDuration(options.lock_timeout, &timeout);  // checked by the command line
    std::string error;
    bool held = false;
    lock = ApplyLock::Acquire(lock_path, timeout, &error, &held);
    if (!lock && held) {
      std::fprintf(stderr, "error: %s. Nothing was written.\n", error.c_str());
      return 1;
    }
    if (!lock) std::fprintf(stderr, "warning: %s; applying without the lock.\n", error.c_str());
  }

  Plan plan;
  if (!options.plan_file.empty() && !LoadSavedPlan(options.plan_file, &plan)) return 1;

  // The journal and the dry run are transport decorators under the client: the journal
  // records every write that really goes out, the dry run lets no write out at all.
  std::unique_ptr<Journal> journal;
  if (!options.journal.empty()) {
    journal = std::make_unique<Journal>(options.journal);
    if (!journal->ok()) {
      std::fprintf(stderr, "error: --journal %s: %s\n", options.journal.c_str(), journal->error().c_str());
      return 1;
    }
  }
  std::unique_ptr<Transport> journal_transport;
  DryRunTransport* dry_run = nullptr;
  auto wrap = [&](Transport& real) -> std::unique_ptr<Transport> {
    Transport* below = &real;
    if (journal) {
      journal_transport = std::make_unique<JournalTransport>(real, *journal);
      below = journal_transport.get();
    }
    if (options.dry_run) {
      auto dry = std::make_unique<DryRunTransport>(*below);
      dry_run = dry.get();
      return dry;
    }
    if (journal_transport) return std::move(journal_transport);
    return nullptr;
  };
  Connection connection;
  if (!Connect(common.connection, wrap, &connection)) return options.plan_file.empty() ? FailedToConnect(common) : 1;

  if (options.plan_file.empty()) {
    PlanStatus status = LoadAndComputePlan(common, connection, &plan);
    if (status == PlanStatus::InvalidManifests) return 1;
    if (status == PlanStatus::Failed) {
      PrintDiagnostics(plan.diagnostics, isatty(STDERR_FILENO));
      return 1;
    }
  } else if (!CheckNotStale(plan, connection, common.allow_mass_delete)) {
    return 1;
  }

  if (jsonl) events.PlanReady(plan);
  if (!json && !jsonl) {
    PrintPlan(plan, common);
    std::fflush(stdout);
  }
  if (!plan.has_changes()) {
    ApplyReport nothing;
    nothing.failed_customers = plan.failed_customers;
    nothing.dry_run = options.dry_run;
    if (json) std::fputs(ApplyReportToJson(nothing, common.show_sensitive).c_str(), stdout);
    else if (!jsonl && !nothing.success()) std::fputs(RenderApplySummary(nothing, UseColor(common)).c_str(), stdout);
    if (jsonl) events.Summary(nothing);
    return nothing.success() ? 0 : 1;
  }
  if (!options.auto_approve && !options.dry_run && !Approve()) {
    std::fprintf(stderr, "Apply cancelled. Nothing was written.\n");
    return 1;
  }

  ExecuteOptions exec;
  exec.parallelism = common.connection.parallelism;
  exec.plan_read_in_this_run = options.plan_file.empty();
  exec.keep_succeeded = json;  // only the JSON report lists every action; the others show failures
  std::unique_ptr<ProgressSink> progress;
  if (CanRedrawLine(STDERR_FILENO)) progress = std::make_unique<TerminalProgress>(std::cerr, RealSteadyClock());
  else progress = std::make_unique<PlainProgress>(std::cerr, RealSteadyClock());
  exec.progress = progress.get();
  if (jsonl) exec.observer = &events;
  ApplyReport report = Execute(plan, *connection.client, exec);
  if (dry_run) {
    report.dry_run = true;
    report.requests = dry_run->recorded();
  }

  if (jsonl) {
    events.Summary(report);
    return report.success() ? 0 : 1;
  }
  if (dry_run && !json) {
    // Printed for people like the plan: personal data masked unless --show-sensitive.
    std::string requests = RenderDryRunRequests(report, common.show_sensitive);
    std::printf("\nDry run: the requests apply would send, in order (none was sent):\n\n%s\n", requests.c_str());
  }
  if (json) {
    std::fputs(ApplyReportToJson(report, common.show_sensitive).c_str(), stdout);
  } else {
    std::string summary = RenderApplySummary(report, UseColor(common));
    std::fwrite(summary.data(), 1, summary.size(), stdout);
  }
  return report.success() ? 0 : 1;
}

}  // namespace onboard::cli
