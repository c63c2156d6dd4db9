package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/openprobation/caseload/workload"
)

// subcommands are the policy tools run before any flag:
//
//	tune-weights validate FILE       check a policy document; print its name, version and scheme
//	tune-weights default [-scheme us] print a built-in policy as a document
//	tune-weights diff A B            every field in which two policy documents differ
var subcommands = map[string]func(w io.Writer, args []string) error{
	"validate": cmdValidate,
	"default":  cmdDefault,
	"diff":     cmdDiff,
}

func cmdValidate(w io.Writer, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: tune-weights validate FILE")
	}
	cfg, err := readConfig(args[0])
	if err != nil {
		return err
	}
	p, err := workload.NewPolicy(cfg)
	if err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	ref := p.Ref()
	fmt.Fprintf(w, "%s: valid policy %s %s (scheme %s, %d tiers)\n", args[0], ref.Name, ref.Version,
		p.Scheme().Name(), len(p.Scheme().Tiers()))
	return nil
}

// schemes are the built-in policies default prints.
var schemes = map[string]func() workload.Config{
	"england-wales": workload.DefaultConfig,
	"us":            workload.SupervisionLevelsConfig,
}

func cmdDefault(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("default", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	scheme := fs.String("scheme", "england-wales", "built-in policy: england-wales or us")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("default: %w", err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("default: unexpected argument %q", fs.Arg(0))
	}
	mk, ok := schemes[*scheme]
	if !ok {
		return fmt.Errorf("default: -scheme %q: want england-wales or us", *scheme)
	}
	return writeConfig(w, mk())
}

// writeConfig writes a configuration as an indented policy document.
func writeConfig(w io.Writer, c workload.Config) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func cmdDiff(w io.Writer, args []string) error {
	if len(args) != 2 {
		return errors.New("usage: tune-weights diff A B")
	}
	a, err := readConfig(args[0])
	if err != nil {
		return err
	}
	b, err := readConfig(args[1])
	if err != nil {
		return err
	}
	changes := workload.DiffConfig(a, b)
	if len(changes) == 0 {
		fmt.Fprintf(w, "%s and %s are the same policy\n", args[0], args[1])
		return nil
	}
	fmt.Fprintf(w, "%s → %s: %d fields differ\n", args[0], args[1], len(changes))
	for _, c := range changes {
		fmt.Fprintf(w, "  %s\n", c)
	}
	return nil
}
