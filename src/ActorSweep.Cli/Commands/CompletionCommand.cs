using System.CommandLine;
using ActorSweep.Cli.Console;

namespace ActorSweep.Cli.Commands;

/// <summary>
/// <c>actorsweep completion bash|zsh</c>: prints a shell completion script. The script asks actorsweep itself
/// (System.CommandLine's <c>[suggest]</c> directive), so completions always match the installed build:
/// <c>source &lt;(actorsweep completion bash)</c>.
/// </summary>
public static class CompletionCommand
{
    /// <summary>The command.</summary>
    public static Command Create(TextWriter output)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "print a shell completion script: source <(actorsweep completion bash)") { shell };
        command.SetAction(p => { output.Write(Script(p.GetValue(shell)!)); return ExitCodes.Ok; });
        return command;
    }

    /// <summary>The script for <paramref name="shell"/>.</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => """
            # actorsweep completion for bash: source <(actorsweep completion bash)
            _actorsweep_complete() {
              local IFS=$'\n'
              COMPREPLY=( $(actorsweep "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
            }
            complete -o default -F _actorsweep_complete actorsweep

            """,
        "zsh" => """
            # actorsweep completion for zsh: source <(actorsweep completion zsh)
            _actorsweep_complete() {
              local -a completions
              completions=( ${(f)"$(actorsweep "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)"} )
              compadd -a completions
            }
            compdef _actorsweep_complete actorsweep

            """,
        _ => throw new UsageException($"completion: expected bash or zsh, got '{shell}'"),
    };
}
