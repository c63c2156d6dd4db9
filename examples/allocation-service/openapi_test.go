package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// schemaChecker checks JSON values against the subset of JSON Schema
// (2020-12, as OpenAPI 3.1 uses it) that openapi.json uses: $ref, type
// (one or a list), enum, required, properties, additionalProperties
// false, items, oneOf, pattern, minimum and maximum.
type schemaChecker struct {
	doc map[string]any
}

func (c schemaChecker) check(schema map[string]any, v any, path string) []string {
	if r, ok := schema["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		s, ok := c.doc["components"].(map[string]any)["schemas"].(map[string]any)[name].(map[string]any)
		if !ok {
			return []string{path + ": unresolved " + r}
		}
		return c.check(s, v, path)
	}
	var errs []string
	if t, ok := schema["type"]; ok {
		var types []string
		switch t := t.(type) {
		case string:
			types = []string{t}
		case []any:
			for _, x := range t {
				types = append(types, x.(string))
			}
		}
		if !slices.ContainsFunc(types, func(t string) bool { return jsonType(v, t) }) {
			return []string{fmt.Sprintf("%s: %s is not of type %v", path, short(v), types)}
		}
	}
	if e, ok := schema["enum"].([]any); ok && !slices.Contains(e, v) {
		errs = append(errs, fmt.Sprintf("%s: %s is not one of %v", path, short(v), e))
	}
	if p, ok := schema["pattern"].(string); ok {
		if s, isStr := v.(string); isStr && !regexp.MustCompile(p).MatchString(s) {
			errs = append(errs, fmt.Sprintf("%s: %q does not match %s", path, s, p))
		}
	}
	if n, ok := v.(float64); ok {
		if m, ok := schema["minimum"].(float64); ok && n < m {
			errs = append(errs, fmt.Sprintf("%s: %v below %v", path, n, m))
		}
		if m, ok := schema["maximum"].(float64); ok && n > m {
			errs = append(errs, fmt.Sprintf("%s: %v above %v", path, n, m))
		}
	}
	if one, ok := schema["oneOf"].([]any); ok {
		matched := 0
		for _, s := range one {
			if len(c.check(s.(map[string]any), v, path)) == 0 {
				matched++
			}
		}
		if matched != 1 {
			errs = append(errs, fmt.Sprintf("%s: matches %d of oneOf, want 1", path, matched))
		}
	}
	if obj, ok := v.(map[string]any); ok {
		props, _ := schema["properties"].(map[string]any)
		for _, r := range asStrings(schema["required"]) {
			if _, ok := obj[r]; !ok {
				errs = append(errs, path+": missing required "+r)
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ps, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					errs = append(errs, path+": unexpected property "+k)
				}
				continue
			}
			errs = append(errs, c.check(ps, obj[k], path+"."+k)...)
		}
	}
	if list, ok := v.([]any); ok {
		if items, ok := schema["items"].(map[string]any); ok {
			for i, x := range list {
				errs = append(errs, c.check(items, x, path+"["+strconv.Itoa(i)+"]")...)
			}
		}
	}
	return errs
}

func jsonType(v any, t string) bool {
	switch t {
	case "null":
		return v == nil
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		n, ok := v.(float64)
		return ok && n == math.Trunc(n)
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, x := range list {
		out = append(out, x.(string))
	}
	return out
}

func short(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 60 {
		return string(b[:60]) + "…"
	}
	return string(b)
}

// operation finds the document's operation for a method and a concrete
// path, and its template.
func (c schemaChecker) operation(method, path string) (map[string]any, string) {
	segs := strings.Split(path, "/")
	for tmpl, item := range c.doc["paths"].(map[string]any) {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if !strings.HasPrefix(ts[i], "{") && ts[i] != segs[i] {
				match = false
			}
		}
		if !match {
			continue
		}
		if op, ok := item.(map[string]any)[strings.ToLower(method)].(map[string]any); ok {
			return op, tmpl
		}
	}
	return nil, ""
}

// TestOpenAPI serves /openapi.json and checks real responses of every
// route, successes and errors, and the requests that produced them,
// against the schemas it gives.
func TestOpenAPI(t *testing.T) {
	base := startServer(t, config{})
	r := do(t, http.MethodGet, base+"/openapi.json", "", nil)
	var doc map[string]any
	if r.status != 200 || json.Unmarshal(r.body, &doc) != nil || doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi.json: %d", r.status)
	}
	c := schemaChecker{doc}
	check := map[string]any{"officer": "off-9", "asOf": "2026-11-23", "case": map[string]any{"id": "case-9002", "tier": "D2", "type": "community", "start": "2026-11-16T00:00:00Z", "risk": map[string]any{"rosh": "low"}}}
	ev := map[string]any{"id": "oa-1", "type": "case-allocated", "officer": "off-9", "case": check["case"], "at": "2026-11-23"}
	exchanges := []struct {
		method, path string
		body         any
		status       int
	}{
		{"GET", "/healthz", nil, 200},
		{"GET", "/readyz", nil, 200},
		{"POST", "/v1/allocation-check", check, 200},
		{"POST", "/v1/allocation-check", map[string]any{"officer": "off-9", "case": map[string]any{"id": "", "tier": "E9", "type": "community"}}, 422},
		{"POST", "/v1/recommendations", map[string]any{"team": "team-1", "case": check["case"]}, 200},
		{"POST", "/v1/events", ev, 200},
		{"POST", "/v1/events", ev, 200},
		{"POST", "/v1/events", map[string]any{"id": "oa-2", "type": "case-transferred", "officer": "off-5", "case": map[string]any{"id": "case-9002"}}, 200},
		{"POST", "/v1/events", map[string]any{"id": "oa-3", "type": "officer-updated", "officer": "off-5", "record": map[string]any{"team": "team-1", "grade": "PO", "hours": "30"}}, 200},
		{"POST", "/v1/events", map[string]any{"id": "oa-4", "type": "case-allocated", "officer": "off-2", "case": check["case"]}, 409},
		{"GET", "/v1/officers/off-9", nil, 200},
		{"GET", "/v1/officers/off-9?lines=true&limit=3", nil, 200},
		{"GET", "/v1/officers/off-404", nil, 404},
		{"GET", "/v1/officers/off-9?asOf=%zz", nil, 400},
		{"GET", "/v1/officers/off-9/history", nil, 200},
		{"GET", "/v1/teams/team-1/summary?lines=true", nil, 200},
		{"GET", "/v1/teams/team-1/history", nil, 200},
		{"DELETE", "/v1/teams/team-1/summary", nil, 405},
	}
	seen := map[string]bool{}
	for _, x := range exchanges {
		var resp response
		if x.body != nil {
			resp = postJSON(t, base+x.path, x.body)
		} else {
			resp = do(t, x.method, base+x.path, "", nil)
		}
		name := x.method + " " + x.path
		if resp.status != x.status {
			t.Errorf("%s: %d, want %d: %s", name, resp.status, x.status, resp.body)
			continue
		}
		path, _, _ := strings.Cut(x.path, "?")
		op, tmpl := c.operation(x.method, path)
		if op == nil {
			if x.status == 405 {
				op, tmpl = c.operation("GET", path) // the error schema is shared
			}
			if op == nil {
				t.Errorf("%s: not in openapi.json", name)
				continue
			}
		}
		seen[tmpl] = true
		responses := op["responses"].(map[string]any)
		rs, ok := responses[strconv.Itoa(x.status)].(map[string]any)
		if !ok {
			rs, ok = responses["default"].(map[string]any)
		}
		if !ok {
			t.Errorf("%s: status %d not described", name, x.status)
			continue
		}
		schema := rs["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		var v any
		if err := json.Unmarshal(resp.body, &v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, e := range c.check(schema, v, "response") {
			t.Errorf("%s: %s", name, e)
		}
		if x.body != nil && x.status == 200 {
			rb := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
			b, _ := json.Marshal(x.body)
			var req any
			json.Unmarshal(b, &req)
			for _, e := range c.check(rb, req, "request") {
				t.Errorf("%s: %s", name, e)
			}
		}
	}
	for tmpl := range doc["paths"].(map[string]any) {
		if !seen[tmpl] && tmpl != "/openapi.json" {
			t.Errorf("%s is described but not exercised", tmpl)
		}
	}
	// The checker can fail: a response missing a required field, a wrong
	// type and an unexpected property are caught.
	bad := map[string]any{"id": "x", "seq": "1", "type": "t", "status": "committed", "extra": true}
	if errs := c.check(map[string]any{"$ref": "#/components/schemas/EventAnswer"}, bad, "r"); len(errs) != 3 {
		t.Errorf("checker found %q, want 3 problems", errs)
	}
}
