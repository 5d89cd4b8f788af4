package main

import (
	"math"
	"slices"
)

// median returns the middle value of xs (the mean of the two middle values for an even
// count), or NaN for no values. xs is not modified.
func median(xs []float64) float64 {
	return percentile(xs, 50)
}

// percentile returns the p-th percentile (0 ≤ p ≤ 100) of xs, interpolating linearly
// between the closest ranks (the method of numpy's default and of spreadsheets'
// PERCENTILE.INC), or NaN for no values. xs is not modified.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	p = min(max(p, 0), 100)
	rank := p / 100 * float64(len(s)-1)
	lo := int(math.Floor(rank))
	hi := int(math.Ceil(rank))
	return s[lo] + (s[hi]-s[lo])*(rank-float64(lo))
}

// perCall divides each round's total time by the number of calls in a round.
func perCall(rounds []float64, calls int) []float64 {
	out := make([]float64, len(rounds))
	for i, r := range rounds {
		out[i] = r / float64(calls)
	}
	return out
}

// us is perCall of rounds timed in milliseconds, in microseconds.
func us(rounds []float64, calls int) []float64 {
	out := perCall(rounds, calls)
	for i := range out {
		out[i] *= 1000
	}
	return out
}
