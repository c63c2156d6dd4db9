package workload

import (
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// AllocationConfig holds the allocation and blended-caseload rules.
// (Placeholder: filled in by the allocation work.)
type AllocationConfig struct{}

func defaultAllocationConfig() AllocationConfig { return AllocationConfig{} }

func (c AllocationConfig) clone() AllocationConfig { return c }

func (c AllocationConfig) validate(l *fault.List, t *tier.Table) {}
