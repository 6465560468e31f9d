using System;

namespace LightningSync
{
    /// <summary>The result of Test-LightningSyncRecipientFilter for one filter.</summary>
    public sealed class RecipientFilterTestResult
    {
        private readonly string recipientFilter;
        private readonly bool isValid;
        private readonly FilterDiagnostic[] errors;
        private readonly FilterDiagnostic[] warnings;
        private readonly string normalized;
        private readonly string[] properties;
        private readonly string environment;

        public RecipientFilterTestResult(string recipientFilter, bool isValid, FilterDiagnostic[] errors, FilterDiagnostic[] warnings,
            string normalized, string[] properties, string environment)
        {
            this.recipientFilter = recipientFilter;
            this.isValid = isValid;
            this.errors = errors;
            this.warnings = warnings;
            this.normalized = normalized;
            this.properties = properties;
            this.environment = environment;
        }

        /// <summary>The filter text checked (a script block's text without its braces).</summary>
        public string RecipientFilter { get { return recipientFilter; } }

        /// <summary>True when Exchange accepts the filter.</summary>
        public bool IsValid { get { return isValid; } }

        /// <summary>Why Exchange rejects the filter; empty when valid.</summary>
        public FilterDiagnostic[] Errors { get { return errors; } }

        /// <summary>Filters Exchange accepts but that probably do not do what was meant.</summary>
        public FilterDiagnostic[] Warnings { get { return warnings; } }

        /// <summary>The RecipientFilter text Exchange stores, or null when invalid.</summary>
        public string Normalized { get { return normalized; } }

        /// <summary>Properties used, canonical spelling, in order of first use.</summary>
        public string[] Properties { get { return properties; } }

        /// <summary>OnPremises or ExchangeOnline.</summary>
        public string Environment { get { return environment; } }

        public override string ToString()
        {
            return recipientFilter;
        }
    }
}
