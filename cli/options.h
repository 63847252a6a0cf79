#pragma once
// What the command line says, as plain data: parsed once in main.cc, read by the commands.

#include <string>
#include <vector>

namespace onboard::cli {

enum class OutputFormat { Text, Json, Markdown, Jsonl };

/// Where the API is and who we are. The secret is never printed.
struct ConnectionOptions {
  std::string api_url;             ///< --api-url, else KEEPNET_API_BASE_URL, else the vendor's
  std::string client_id;           ///< --client-id, else KEEPNET_CLIENT_ID (or CLIENT_ID)
  std::string client_secret_file;  ///< --client-secret-file, else KEEPNET_CLIENT_SECRET (or CLIENT_SECRET)
  bool allow_insecure_http = false;
  int parallelism = 16;
};

/// Options shared by validate, plan and apply.
struct CommonOptions {
  std::vector<std::string> paths;  ///< manifest files or directories; default manifests/
  std::vector<std::string> customers;
  std::vector<std::string> exclude;
  OutputFormat format = OutputFormat::Text;
  bool no_color = false;
  bool show_sensitive = false;
  /// plan and apply: --allow-mass-delete (deletes beyond the mass-deletion guard are intended)
  bool allow_mass_delete = false;
  ConnectionOptions connection;
};

struct ValidateOptions {
  CommonOptions common;
  bool online = false;  ///< also resolve references against the API's catalog
};

struct PlanOptionsCli {
  CommonOptions common;
  std::string out;  ///< --out FILE: the saved plan
  bool detailed_exitcode = false;
};

struct ApplyOptions {
  CommonOptions common;
  std::string plan_file;  ///< --plan FILE
  bool dry_run = false;
  bool auto_approve = false;
  std::string journal;    ///< --journal FILE
  std::string lock_timeout = "0";  ///< --lock-timeout DURATION: wait this long for the apply lock
};

/// `onboard show PLANFILE`: render a saved plan again.
struct ShowOptions {
  std::string plan_file;  ///< the file `plan --out` wrote
  OutputFormat format = OutputFormat::Text;
  bool no_color = false;
  bool show_sensitive = false;
};

/// `onboard export`: write manifests that describe the live state.
struct ExportOptionsCli {
  std::string out = "manifests";       ///< --out DIR
  std::vector<std::string> customers;  ///< --customer NAME: only these (company name or key)
  bool with_users = false;             ///< --with-users: target users inline, however many
  bool users_csv = false;              ///< --users-csv: target users in one CSV per customer
  bool force = false;                  ///< --force: overwrite existing files
  bool no_defaults = false;            ///< --no-defaults: no defaults.yaml, every value in each customer
  bool pin_ids = false;                ///< --pin-ids: pin every company by resourceId
  ConnectionOptions connection;
};

}  // namespace onboard::cli
