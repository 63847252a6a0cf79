#pragma once
// Command line of keepnet-sim.

#include <cstdint>
#include <string>
#include <vector>

namespace keepnet_sim {

/// What an API client may do.
enum class ClientRole { kReseller, kCompanyAdmin };

/// One OAuth client known to the simulator.
struct Client {
  std::string id;
  std::string secret;
  ClientRole role = ClientRole::kReseller;
};

/// The kinds of injected faults.
struct FaultKinds {
  bool error500 = false;
  bool reset = false;
  bool commitThenDrop = false;
};

/// Which requests --fault-rate may hit.
enum class FaultRequests { kAll, kReads, kWrites };

/// Parsed command line.
struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::vector<Client> clients;
  std::string stateFile;
  int latencyMs = 0;
  double rateLimit = 0;  ///< requests per second; 0 = unlimited
  double faultRate = 0;
  FaultKinds faults;
  FaultRequests faultRequests = FaultRequests::kAll;  ///< --fault-requests all|reads|writes
  bool tokenEcho = false;    ///< --token-echo: a refused token request quotes its body back
  std::string faultCompany;  ///< --fault-company ID: only requests scoped to that company
  std::uint64_t seed = 1;
  int maxPageSize = 100;
  int tokenTtl = 3600;  ///< seconds; 0 = every token is expired at once
  int threads = 0;      ///< worker threads; 0 = automatic
};

/// Parses argv; on error or --help prints to stderr/stdout and exits.
Options parseOptions(int argc, char** argv);

/// Parses "ID:SECRET[:reseller|company-admin]"; throws std::invalid_argument.
Client parseClient(const std::string& spec);

/// Parses "500,reset,commit-then-drop"; throws std::invalid_argument.
FaultKinds parseFaultKinds(const std::string& spec);

}  // namespace keepnet_sim
