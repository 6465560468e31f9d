using System;

namespace LightningSync
{
    /// <summary>One error or warning about a recipient filter (Test-LightningSyncRecipientFilter).</summary>
    public sealed class FilterDiagnostic
    {
        private readonly string severity;
        private readonly string code;
        private readonly string message;
        private readonly string hint;
        private readonly int? position;

        public FilterDiagnostic(string severity, string code, string message, string hint, int? position)
        {
            this.severity = severity;
            this.code = code;
            this.message = message;
            this.hint = hint;
            this.position = position;
        }

        /// <summary>Error (Exchange rejects the filter) or Warning.</summary>
        public string Severity { get { return severity; } }

        /// <summary>Stable identifier, e.g. UnknownProperty, NotEqualMatchesEmpty.</summary>
        public string Code { get { return code; } }

        /// <summary>Exchange's English wording where Exchange has one.</summary>
        public string Message { get { return message; } }

        /// <summary>How to fix it, or null.</summary>
        public string Hint { get { return hint; } }

        /// <summary>1-based character position in the filter, or null.</summary>
        public int? Position { get { return position; } }

        public override string ToString()
        {
            string first = message ?? string.Empty;
            int end = first.IndexOf('\n');
            if (end >= 0)
            {
                first = first.Substring(0, end);
            }
            if (!string.IsNullOrEmpty(hint))
            {
                // The fix ("Did you mean Department?") belongs on the line an
                // admin sees in the default table, not only in the Hint property.
                first = first.TrimEnd() + " " + hint;
            }
            return position.HasValue ? string.Format("{0} at {1}: {2}", code, position.Value, first) : string.Format("{0}: {1}", code, first);
        }
    }
}
