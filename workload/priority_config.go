package workload

import (
	"github.com/openprobation/caseload/internal/fault"
	"github.com/openprobation/caseload/tier"
)

// PriorityConfig holds the prioritisation ladder and urgency settings.
// (Placeholder: filled in by the prioritisation work.)
type PriorityConfig struct{}

func defaultPriorityConfig() PriorityConfig { return PriorityConfig{} }

func (c PriorityConfig) clone() PriorityConfig { return c }

func (c PriorityConfig) validate(l *fault.List, t *tier.Table) {}
