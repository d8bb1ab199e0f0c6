// Package metrics computes the numbers of the four pillars of partnership —
// reach, disadvantage targeting, KPI progress, evidence levels and effect
// sizes, mutuality and sustainability — from data read out of the evidence
// store (DESIGN §7). Its functions are pure: no SQL text, no HTML.
package metrics
