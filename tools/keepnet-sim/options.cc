#include "options.h"

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include <CLI/CLI.hpp>

namespace keepnet_sim {

Client parseClient(const std::string& spec) {
  Client c;
  auto first = spec.find(':');
  if (first == std::string::npos || first == 0)
    throw std::invalid_argument("--client expects ID:SECRET[:reseller|company-admin]: " + spec);
  c.id = spec.substr(0, first);
  // The secret may hold ':' itself: only a known role after the last ':' is a role.
  std::string secret = spec.substr(first + 1);
  const auto last = secret.rfind(':');
  if (last != std::string::npos) {
    const std::string role = secret.substr(last + 1);
    if (role == "reseller" || role == "company-admin") {
      c.role = role == "reseller" ? ClientRole::kReseller : ClientRole::kCompanyAdmin;
      secret.resize(last);
    }
  }
  c.secret = std::move(secret);
  if (c.secret.empty()) throw std::invalid_argument("--client has an empty secret: " + spec);
  return c;
}

FaultKinds parseFaultKinds(const std::string& spec) {
  FaultKinds k;
  std::stringstream ss(spec);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item == "500")
      k.error500 = true;
    else if (item == "reset")
      k.reset = true;
    else if (item == "commit-then-drop")
      k.commitThenDrop = true;
    else if (!item.empty())
      throw std::invalid_argument("unknown fault kind: " + item);
  }
  return k;
}

Options parseOptions(int argc, char** argv) {
  Options o;
  std::vector<std::string> clients;
  std::string faults;
  std::string faultRequests = "all";
  CLI::App app{"keepnet-sim: a stateful simulator of the Keepnet Labs reseller API"};
  app.add_option("--host", o.host, "address to listen on");
  app.add_option("--port", o.port, "port to listen on (0: any free port)")->check(CLI::Range(0, 65535));
  app.add_option("--client", clients, "ID:SECRET[:reseller|company-admin] (repeatable)");
  app.add_option("--state", o.stateFile, "persist the state in this JSON file");
  app.add_option("--latency-ms", o.latencyMs, "delay every /api and /connect request")->check(CLI::NonNegativeNumber);
  app.add_option("--rate-limit", o.rateLimit, "requests per second over /api and /connect (0: off)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--fault-rate", o.faultRate, "probability of a fault per /api request")->check(CLI::Range(0.0, 1.0));
  app.add_option("--faults", faults, "fault kinds: 500,reset,commit-then-drop (default: all)");
  app.add_option("--fault-requests", faultRequests, "which requests faults hit: all, reads or writes (default: all)")
      ->check(CLI::IsMember({"all", "reads", "writes"}));
  app.add_option("--fault-company", o.faultCompany,
                 "fault only requests scoped to this company id (header, companyId or /api/companies/ID)");
  app.add_flag("--token-echo", o.tokenEcho,
               "a refused token request's error_description quotes the request body (as some servers do)");
  app.add_option("--seed", o.seed, "seed of the reference data ids and the fault generator");
  app.add_option("--max-page-size", o.maxPageSize, "largest page a search returns")->check(CLI::PositiveNumber);
  app.add_option("--token-ttl", o.tokenTtl, "token lifetime in seconds (0: expired at once)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--threads", o.threads, "worker threads (default: enough for 64+ concurrent requests)");
  try {
    app.parse(argc, argv);
    for (const auto& spec : clients) o.clients.push_back(parseClient(spec));
    if (faults.empty())
      o.faults = FaultKinds{true, true, true};
    else
      o.faults = parseFaultKinds(faults);
    o.faultRequests = faultRequests == "reads"    ? FaultRequests::kReads
                      : faultRequests == "writes" ? FaultRequests::kWrites
                                                  : FaultRequests::kAll;
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  } catch (const std::invalid_argument& e) {
    std::cerr << "keepnet-sim: " << e.what() << "\n";
    std::exit(2);
  }
  if (o.clients.empty()) o.clients.push_back(Client{"demo-client", "demo-secret", ClientRole::kReseller});
  return o;
}

}  // namespace keepnet_sim
