// What a quietly run command gave back: its output, or the error it failed with, and its messages.
using System.Management.Automation;

namespace LightningSync.Interop
{
    /// <summary>The outcome of <see cref="QuietCommand.Invoke"/>.</summary>
    public sealed class QuietCommandResult
    {
        /// <summary>What the command wrote to its output (none after an error).</summary>
        public PSObject[] Output { get; internal set; }

        /// <summary>The command's first error, or null when it succeeded.</summary>
        public ErrorRecord ErrorRecord { get; internal set; }

        /// <summary>The command's warnings, to be written by the caller.</summary>
        public string[] Warnings { get; internal set; }

        /// <summary>The command's verbose messages, to be written by the caller.</summary>
        public string[] Verbose { get; internal set; }

        /// <summary>True when the command succeeded.</summary>
        public bool Succeeded { get { return ErrorRecord == null; } }
    }
}
