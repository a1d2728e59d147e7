"""The cooperation fund: contributions, allocations to approved projects, disbursements."""
