package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// The padded floor is the floor module grown to kshare.wasm's code size with functions
// that are kept but never called: what a module of that size costs to load, whatever
// its code does. Against it, the load figures tell the time that comes with kshare's
// size from the time its own start takes (figure 4).

// padSteps is how many steps of arithmetic each pad function makes: about 1.3 KB of
// wasm code, in the range of kshare's own functions.
const padSteps = 45

// padSource is pad.go of the padded floor: n functions of padSteps steps, on constants
// drawn from a fixed seed (random constants compress about as little as real code
// does), kept in the module by a slice that main's package init checks.
func padSource(n int) []byte {
	r := rand.New(rand.NewPCG(7, 7))
	var b strings.Builder
	b.WriteString("//go:build js && wasm\n\npackage main\n\n// pad keeps the functions below in the module; none is called.\nvar pad = []func(int) int{")
	for i := range n {
		b.WriteString("p" + strconv.Itoa(i) + ", ")
	}
	b.WriteString("}\n\nfunc init() {\n\tif len(pad) != " + strconv.Itoa(n) + " {\n\t\tpanic(\"pad\")\n\t}\n}\n")
	num := func(max int) string { return strconv.Itoa(1 + r.IntN(max-1)) }
	for i := range n {
		b.WriteString("\nfunc p" + strconv.Itoa(i) + "(x int) int {\n\tvar s []byte\n")
		for range padSteps {
			switch r.IntN(5) {
			case 0:
				b.WriteString("\tx = x*" + num(1<<31) + " + " + num(1<<31) + "\n")
			case 1:
				b.WriteString("\tif x&" + strconv.Itoa(1<<r.IntN(40)) + " == 0 {\n\t\tx ^= " + num(1<<31) + "\n\t} else {\n\t\tx += " + num(1<<31) + "\n\t}\n")
			case 2:
				b.WriteString("\tx = (x >> " + num(60) + ") ^ " + num(1<<31) + "\n")
			case 3:
				b.WriteString("\ts = append(s, byte(x>>" + num(60) + "))\n")
			case 4:
				b.WriteString("\tif x > " + num(1<<31) + " {\n\t\treturn x - " + num(1<<31) + "\n\t}\n")
			}
		}
		b.WriteString("\treturn x + len(s)\n}\n")
	}
	return []byte(b.String())
}
