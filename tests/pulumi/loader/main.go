// Command pulumi-load loads a Pulumi project and its stack files with Pulumi's own Go loader, as the CLI does before
// it runs a program: workspace.LoadProject (schema and project rules, such as typed config keys living in the
// project's namespace), workspace.LoadProjectStack for every Pulumi.<stack>.yaml next to it, and
// workspace.ValidateStackConfigAndApplyProjectConfig (stack values against the declared types, required keys,
// project defaults). Warnings of the loader count as errors.
//
// Usage:
//
//	pulumi-load DIR       prints {"project": NAME, "stacks": {STACK: {"config": {KEY: VALUE}, "secretKeys": [KEY]}}};
//	                      secrets are blinded ("[secret]") and the keys holding them listed
//	pulumi-load -version  prints the version of github.com/pulumi/pulumi/sdk/v3 it was built with
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"

	"github.com/pulumi/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

const sdkModule = "github.com/pulumi/pulumi/sdk/v3"

type result struct {
	Project string                 `json:"project"`
	Stacks  map[string]stackResult `json:"stacks"`
}

type stackResult struct {
	Config     map[string]string `json:"config"`
	SecretKeys []string          `json:"secretKeys"`
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-version" {
		fmt.Println(sdkVersion())
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-load DIR | pulumi-load -version")
		os.Exit(2)
	}
	res, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "error: %v\n", err)
		os.Exit(1)
	}
	out, _ := json.MarshalIndent(res, "", "  ")
	fmt.Println(string(out))
}

func sdkVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == sdkModule {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func load(dir string) (*result, error) {
	projectPath := filepath.Join(dir, "Pulumi.yaml")
	project, err := workspace.LoadProject(projectPath)
	if err != nil {
		return nil, err
	}
	stackFiles, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	res := &result{Project: project.Name.String(), Stacks: map[string]stackResult{}}
	for _, path := range stackFiles {
		name := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(path), "Pulumi."), ".yaml")
		stack, err := loadStack(project, name, path)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		res.Stacks[name] = stack
	}
	return res, nil
}

func loadStack(project *workspace.Project, name, path string) (stackResult, error) {
	if _, err := tokens.ParseStackName(name); err != nil {
		return stackResult{}, fmt.Errorf("stack name %q (from the file name): %w", name, err)
	}
	var warnings bytes.Buffer
	sink := diag.DefaultSink(io.Discard, &warnings, diag.FormatOptions{Color: colors.Never})
	stack, err := workspace.LoadProjectStack(sink, project, path)
	if err != nil {
		return stackResult{}, err
	}
	if warnings.Len() > 0 {
		return stackResult{}, fmt.Errorf("loader warnings: %s", strings.TrimSpace(warnings.String()))
	}
	// Secure values stay blinded: the check is about keys and types, and no passphrase is needed to run it.
	err = workspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), name, project, esc.Value{},
		stack.Config, config.NopEncrypter, config.BlindingCrypter)
	if err != nil {
		return stackResult{}, err
	}
	decrypted, err := stack.Config.Decrypt(config.BlindingCrypter)
	if err != nil {
		return stackResult{}, err
	}
	res := stackResult{Config: map[string]string{}, SecretKeys: []string{}}
	for k, v := range decrypted {
		res.Config[k.String()] = v
	}
	for k, v := range stack.Config {
		secrets, err := v.SecureValues(config.NopDecrypter)
		if err != nil {
			return stackResult{}, err
		}
		if len(secrets) > 0 {
			res.SecretKeys = append(res.SecretKeys, k.String())
		}
	}
	sort.Strings(res.SecretKeys)
	return res, nil
}
