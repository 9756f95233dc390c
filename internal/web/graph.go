package web

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/triangulate/triangulate/internal/news"
)

// actorGraph is the who-did-what-to-whom drawing of a story: nodes are the
// entities that are an event's actor or target, edges the events between
// them, labelled with their PLOVER types. It is laid out here, on the
// server, so the page needs no script: nodes on a circle in a fixed order
// (most connected first, then by name), so the same report always gives
// the same picture.
type actorGraph struct {
	Width, Height int
	Radius        float64
	Nodes         []graphNode
	Edges         []graphEdge
	Hidden        int      // actors left out to keep the drawing legible
	Types         []string // entity types of the drawn nodes, for the legend
}

type graphNode struct {
	ID, Label, Type, Href string
	X, Y, R               float64
	LabelX, LabelY        float64
	Anchor                string // text-anchor of the label
	Degree                int
}

type graphEdge struct {
	Path        string // SVG path data: a gentle curve, so A→B and B→A do not overlap
	LabelX      float64
	LabelY      float64
	Label       string // "AID ×2, ASSAULT"
	Title       string // what a screen reader or a hover shows
	From, To    string
	Count       int
	StrokeWidth float64
}

// Layout constants of the drawing, in SVG user units.
const (
	graphW        = 880
	minRadius     = 150.0
	maxRadius     = 240.0
	nodeRadius    = 14
	maxGraphNodes = 24
	maxLabelRunes = 26
)

// buildGraph lays out the events of r. Events without both an actor and a
// target, or whose actor is its target, have no edge to draw; they stay in
// the events table.
func buildGraph(r *news.Report, entityName func(string) (string, string)) actorGraph {
	g := actorGraph{Width: graphW, Height: int(2*minRadius + 150)}
	type pair struct{ from, to string }
	byPair := map[pair][]news.Event{}
	degree := map[string]int{}
	for _, e := range r.Events {
		if e.Actor == "" || e.Target == "" || e.Actor == e.Target {
			continue
		}
		p := pair{e.Actor, e.Target}
		byPair[p] = append(byPair[p], e)
		degree[e.Actor]++
		degree[e.Target]++
	}
	if len(byPair) == 0 {
		return g
	}

	ids := make([]string, 0, len(degree))
	for id := range degree {
		ids = append(ids, id)
	}
	label := func(id string) string { n, _ := entityName(id); return n }
	slices.SortFunc(ids, func(a, b string) int {
		if c := cmp.Compare(degree[b], degree[a]); c != 0 {
			return c
		}
		if c := cmp.Compare(label(a), label(b)); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	if len(ids) > maxGraphNodes {
		g.Hidden = len(ids) - maxGraphNodes
		ids = ids[:maxGraphNodes]
	}

	n := len(ids)
	// The circle grows with the number of actors, within bounds that keep
	// the labels inside the drawing.
	g.Radius = min(maxRadius, max(minRadius, 110+6*float64(n)))
	g.Height = int(2*g.Radius + 150)
	cx, cy := float64(g.Width)/2, float64(g.Height)/2
	pos := map[string]int{}
	step := spreadStep(n)
	for i, id := range ids {
		// Node i takes slot i·step mod n: a step near n/φ² that shares no
		// factor with n visits every slot and puts the most connected
		// actors far apart, so the edges among them are long enough to
		// carry their labels. Slot 0 is at the top, going clockwise; with
		// two nodes they sit left and right, leaving room for the labels.
		start := -math.Pi / 2
		if n == 2 {
			start = math.Pi
		}
		a := start + 2*math.Pi*float64(i*step%n)/float64(n)
		x, y := cx+g.Radius*math.Cos(a), cy+g.Radius*math.Sin(a)
		name, typ := entityName(id)
		node := graphNode{
			ID: id, Label: truncate(name, maxLabelRunes), Type: typ, Degree: degree[id],
			X: round1(x), Y: round1(y), R: nodeRadius + math.Min(float64(degree[id]), 8),
		}
		if typ != "" {
			node.Href = "/entities/" + pathEscape(id)
		}
		// The label sits outside the circle, anchored away from it.
		off := node.R + 8
		node.LabelX, node.LabelY = round1(x+off*math.Cos(a)), round1(y+off*math.Sin(a)+4)
		switch c := math.Cos(a); {
		case c > 0.2:
			node.Anchor = "start"
		case c < -0.2:
			node.Anchor = "end"
		default:
			node.Anchor = "middle"
			if math.Sin(a) > 0 {
				node.LabelY += 10
			} else {
				node.LabelY -= 4
			}
		}
		pos[id] = len(g.Nodes)
		g.Nodes = append(g.Nodes, node)
		if typ != "" && !slices.Contains(g.Types, typ) {
			g.Types = append(g.Types, typ)
		}
	}
	slices.Sort(g.Types)

	pairs := make([]pair, 0, len(byPair))
	for p := range byPair {
		pairs = append(pairs, p)
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return cmp.Or(cmp.Compare(pos[a.from], pos[b.from]), cmp.Compare(pos[a.to], pos[b.to]))
	})
	for _, p := range pairs {
		i, okA := pos[p.from]
		j, okB := pos[p.to]
		if !okA || !okB {
			continue
		}
		a, b := g.Nodes[i], g.Nodes[j]
		evs := byPair[p]
		g.Edges = append(g.Edges, edgeBetween(a, b, evs))
	}
	return g
}

// edgeBetween draws a quadratic curve from a to b bent to the left of the
// direction of travel, ending at b's rim so the arrowhead shows.
func edgeBetween(a, b graphNode, evs []news.Event) graphEdge {
	dx, dy := b.X-a.X, b.Y-a.Y
	d := math.Hypot(dx, dy)
	if d == 0 {
		d = 1
	}
	nx, ny := -dy/d, dx/d // left normal
	bend := 0.12 * d
	mx, my := (a.X+b.X)/2+nx*bend, (a.Y+b.Y)/2+ny*bend
	// Start and end on the rims, pointing along the curve's tangents.
	sx, sy := towards(a.X, a.Y, mx, my, a.R+1)
	ex, ey := towards(b.X, b.Y, mx, my, b.R+4)
	// The label sits past the middle of the curve, towards the target:
	// long chords all cross near the centre of the circle, and their
	// midpoint labels would pile up there.
	const t = 0.64
	lx := (1-t)*(1-t)*sx + 2*t*(1-t)*mx + t*t*ex
	ly := (1-t)*(1-t)*sy + 2*t*(1-t)*my + t*t*ey

	counts := map[string]int{}
	var types []string
	for _, e := range evs {
		t := e.Type
		if t == "" {
			t = "EVENT"
		}
		if counts[t] == 0 {
			types = append(types, t)
		}
		counts[t]++
	}
	slices.Sort(types)
	parts := make([]string, len(types))
	for k, t := range types {
		parts[k] = t
		if counts[t] > 1 {
			parts[k] = fmt.Sprintf("%s ×%d", t, counts[t])
		}
	}
	label := strings.Join(parts, ", ")
	return graphEdge{
		Path:   fmt.Sprintf("M%.1f %.1f Q%.1f %.1f %.1f %.1f", sx, sy, mx, my, ex, ey),
		LabelX: round1(lx), LabelY: round1(ly),
		Label: label, Title: fmt.Sprintf("%s → %s: %s", a.Label, b.Label, label),
		From: a.ID, To: b.ID, Count: len(evs),
		StrokeWidth: round1(1.5 + math.Min(float64(len(evs)-1), 4)*0.75),
	}
}

// spreadStep returns the slot step for n nodes on a circle: near n·0.382
// (the golden section, whose multiples spread evenly) and coprime with n.
func spreadStep(n int) int {
	if n <= 3 {
		return 1
	}
	s := max(int(math.Round(float64(n)*0.382)), 1)
	for gcd(s, n) != 1 {
		s++
	}
	return s
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// towards returns the point at distance r from (x, y) in the direction of
// (tx, ty).
func towards(x, y, tx, ty, r float64) (float64, float64) {
	dx, dy := tx-x, ty-y
	d := math.Hypot(dx, dy)
	if d == 0 {
		return x, y
	}
	return x + dx/d*r, y + dy/d*r
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// truncate shortens s to n runes with an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
