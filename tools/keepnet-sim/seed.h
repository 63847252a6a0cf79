#pragma once
// The deterministic seeded data: reference lookups and the companies that exist at start.

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model.h"
#include "options.h"

namespace keepnet_sim {

/// The reference data for a seed: same ids every run for the same seed.
Reference buildReference(std::uint64_t seed);

/// The state at start (and after /_sim/reset): the reseller company "Demo Reseller" (the
/// first reseller client's own company), one own reseller company for each further reseller
/// client, and one customer company per company-admin client, managed by Demo Reseller.
State initialState(std::uint64_t seed, const Reference& ref, const std::vector<Client>& clients);

/// The three roles every company gets ("Company Admin", "Read Only Admin", "Campaign Manager").
std::vector<Role> defaultRoles(std::mt19937_64& rng);

/// A company with every required field set to a harmless default from the reference data.
Company defaultCompany(const Reference& ref, std::string name);

}  // namespace keepnet_sim
