// validate-bench: `onboard validate` without the CLI, to measure manifest loading.
// Prints every diagnostic, the counts and the wall time of LoadManifests; exit 1 on errors.
// Not part of the CMake build (the CLI owns `validate`); build it against a Release engine:
//   cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DONBOARD_TESTS=OFF
//   ninja -C build-release onboard_engine
//   g++ -std=c++20 -O2 -I. tools/validate-bench/validate_bench.cc build-release/engine/libonboard_engine.a \
//       -lyaml-cpp -lfmt -lcurl -o build-release/validate-bench
//   /usr/bin/time -v build-release/validate-bench FLEET_DIR

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/manifest/loader.h"

int main(int argc, char** argv) {
  std::vector<std::string> paths(argv + 1, argv + argc);
  if (paths.empty()) paths.push_back("manifests");
  onboard::Diagnostics diags;
  auto start = std::chrono::steady_clock::now();
  onboard::DesiredState state = onboard::LoadManifests(paths, &diags);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const onboard::Diagnostic& d : diags.items()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
  onboard::ManifestCounts n = onboard::CountManifests(state);
  std::printf("%s: %zu customers, %zu groups, %zu admins, %zu target users (%zu files, digest %s) in %.3f s\n",
              diags.has_errors() ? "errors" : "ok", n.customers, n.groups, n.admins, n.target_users,
              state.files.size(), state.digest.c_str(), seconds);
  return diags.has_errors() ? 1 : 0;
}
