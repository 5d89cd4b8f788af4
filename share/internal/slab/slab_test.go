package slab

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTake(t *testing.T) {
	tests := []struct {
		name  string
		takes []int
		// arrays is how many backing arrays the takes used.
		arrays int
	}{
		{"nothing", []int{0, 0}, 0},
		{"one", []int{3}, 1},
		{"doubles: room for the next", []int{3, 3}, 2},
		{"fits in the doubled array", []int{4, 2, 4, 2}, 2},
		{"larger than double", []int{2, 10}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s Of[int]
			arrays := map[*int]bool{}
			for _, n := range tc.takes {
				l := s.Take(n)
				assert.Len(t, l, n)
				assert.Equal(t, n, cap(l), "appending past n must copy out of the slab")
				if n > 0 {
					arrays[&s.a[:1][0]] = true
				}
			}
			assert.Len(t, arrays, tc.arrays)
		})
	}
}

func TestTakeNeverOverlaps(t *testing.T) {
	var s Of[int]
	s.Take(4)
	s.Reset()
	a := s.Take(2)
	b := s.Take(2)
	a[0], a[1], b[0], b[1] = 1, 2, 3, 4
	a = append(a, 9) // copies: b is untouched
	assert.Equal(t, []int{3, 4}, b)
	assert.Equal(t, []int{1, 2, 9}, a)
}

func TestResetHandsTheSameMemoryOut(t *testing.T) {
	var s Of[int]
	first := s.Take(3)
	first[0] = 7
	s.Reset()
	again := s.Take(3)
	assert.Same(t, &first[0], &again[0])
	assert.Equal(t, 7, again[0], "Take leaves what the last use left")
}
