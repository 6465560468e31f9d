using System.Management.Automation;

namespace LightningSync
{
    /// <summary>One ordered step of a LightningSync.Plan.</summary>
    public sealed class PlanStep
    {
        /// <summary>1-based position.</summary>
        public int Index { get; internal set; }
        /// <summary>What it does (CreateScope, CreateAssignment...).</summary>
        public string Action { get; internal set; }
        /// <summary>The object it acts on.</summary>
        public string Target { get; internal set; }
        /// <summary>Why it is needed.</summary>
        public string Reason { get; internal set; }
        /// <summary>The Exchange cmdlet.</summary>
        public string Cmdlet { get; internal set; }
        /// <summary>Its parameters, by cmdlet parameter name (a secret is a
        /// placeholder with a Secret name, never a value).</summary>
        public PSObject Parameters { get; internal set; }
        /// <summary>The command as it would be typed.</summary>
        public string Command { get; internal set; }
        /// <summary>How to reverse it (Cmdlet, Parameters, Command), or null.</summary>
        public PSObject Undo { get; internal set; }
        /// <summary>The read that proves it took effect (Cmdlet, Parameters,
        /// Expect, Properties), or null.</summary>
        public PSObject Verify { get; internal set; }
        /// <summary>Offline plans: the collection the step runs once per item
        /// of (ClientAccessServers, MailboxDatabases), or null.</summary>
        public string ForEach { get; internal set; }

        public override string ToString() => Index + ". " + Action + " " + Target;
    }
}
