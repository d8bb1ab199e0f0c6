// Package toc is the domain of impact: a school partnership's theory of
// change — objectives, the outcomes that lead to them, the KPIs that show
// each outcome and the activities that move the KPIs — read from toc.yaml
// with the line and column of every value kept, and validated like a
// compiler validates code: every problem found in one run.
//
// It imports no other package of the project; engine, metrics and reports
// speak to each other in its types.
package toc
