namespace LightningSync
{
    /// <summary>A setup or removal plan (Get-LightningSyncPlan,
    /// New-/Remove-LightningSyncServiceAccount -WhatIf). ToJson() gives the
    /// planner's document, which Export-LightningSyncScript renders.</summary>
    public sealed class Plan
    {
        private readonly string json;

        internal Plan(string json)
        {
            this.json = json;
        }

        /// <summary>Setup or Removal.</summary>
        public string Kind { get; internal set; }
        /// <summary>OnPremises or ExchangeOnline.</summary>
        public string Target { get; internal set; }
        /// <summary>True when there is nothing to do.</summary>
        public bool Converged { get; set; }
        /// <summary>The management scope the plan uses.</summary>
        public string ScopeName { get; internal set; }
        /// <summary>The assignment name (on-premises) or the base of the per-role names (online).</summary>
        public string AssignmentName { get; internal set; }
        /// <summary>Every assignment name the plan manages.</summary>
        public string[] AssignmentNames { get; internal set; }
        /// <summary>2010 ... SE, Online.</summary>
        public string ExchangeVersion { get; internal set; }
        /// <summary>The account (on-premises) or service principal object id (online).</summary>
        public string Principal { get; internal set; }
        /// <summary>Ordered steps; empty when converged.</summary>
        public PlanStep[] Steps { get; internal set; }
        /// <summary>Findings, most severe first.</summary>
        public Finding[] Findings { get; internal set; }

        /// <summary>The plan document as the planner wrote it (the plan contract's JSON).</summary>
        public string ToJson() => json;

        public override string ToString() => Kind + " plan for " + Principal + " (" + (Steps == null ? 0 : Steps.Length) + " step(s))";
    }
}
