namespace LightningSync
{
    /// <summary>Something the admin should know about a plan or an audit
    /// (one shape for both: Get-LightningSyncPlan findings and
    /// Test-LightningSyncServiceAccount output).</summary>
    public sealed class Finding
    {
        public Finding(string severity, string code, string target, string message, string fix)
        {
            Severity = severity;
            Code = code;
            Target = target;
            Message = message;
            Fix = fix;
        }

        /// <summary>Critical, High, Medium, Low or Info.</summary>
        public string Severity { get; }
        /// <summary>Stable identifier, e.g. UnscopedImpersonation.</summary>
        public string Code { get; }
        /// <summary>The object concerned.</summary>
        public string Target { get; }
        /// <summary>What is wrong, naming the objects.</summary>
        public string Message { get; }
        /// <summary>What to do about it.</summary>
        public string Fix { get; }

        public override string ToString() => "[" + Severity + "] " + Code + ": " + Target;
    }
}
