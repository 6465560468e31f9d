// Tab completion from the native filter catalog: property names for
// Get-LightningSyncFilterableProperty -Name, and an enumeration's values for a
// parameter named after it (ConvertTo-LightningSyncRecipientFilter
// -RecipientTypeDetails). Compiled, so the module registers nothing at import.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LightningSync.Interop
{
    /// <summary>
    /// Completes a filterable property name, or, for a parameter named after
    /// an enumeration property (RecipientTypeDetails), its values. Names that
    /// start with the typed text come first, then names that contain it; text
    /// with wildcards matches as a wildcard pattern. Each result's tooltip
    /// gives the property's type (multi-valued, filter-only, calculated) or
    /// the enumeration's name.
    /// </summary>
    public sealed class FilterCatalogCompleter : IArgumentCompleter
    {
        /// <summary>The completion results for wordToComplete.</summary>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            string word = (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');
            List<KeyValuePair<string, string>> candidates = Candidates(parameterName);
            List<CompletionResult> results = new List<CompletionResult>();
            foreach (KeyValuePair<string, string> candidate in Rank(candidates, word))
            {
                results.Add(new CompletionResult(candidate.Key, candidate.Key, CompletionResultType.ParameterValue, candidate.Value));
            }
            return results;
        }

        // (text, tooltip) pairs: the values of the enumeration property the
        // parameter is named after, or every property name.
        private static List<KeyValuePair<string, string>> Candidates(string parameterName)
        {
            LightningSync.FilterableProperty[] properties = RecipientFilterCheck.Catalog();
            List<KeyValuePair<string, string>> candidates = new List<KeyValuePair<string, string>>();
            foreach (LightningSync.FilterableProperty property in properties)
            {
                if (property.Values != null && property.Values.Length > 0 &&
                    string.Equals(property.Name, parameterName, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (string value in property.Values)
                    {
                        candidates.Add(new KeyValuePair<string, string>(value, property.Name + " value"));
                    }
                    return candidates;
                }
            }
            foreach (LightningSync.FilterableProperty property in properties)
            {
                candidates.Add(new KeyValuePair<string, string>(property.Name, Tooltip(property)));
            }
            return candidates;
        }

        private static string Tooltip(LightningSync.FilterableProperty property)
        {
            string tip = property.Type;
            if (property.MultiValued) { tip += ", multi-valued"; }
            if (property.FilterOnly) { tip += ", filter-only"; }
            if (property.Calculated) { tip += ", calculated"; }
            return tip;
        }

        // Wildcard text matches as a pattern; other text puts prefix matches
        // before matches inside the name, each in catalog order.
        private static IEnumerable<KeyValuePair<string, string>> Rank(List<KeyValuePair<string, string>> candidates, string word)
        {
            if (WildcardPattern.ContainsWildcardCharacters(word))
            {
                WildcardPattern pattern = new WildcardPattern(word, WildcardOptions.IgnoreCase);
                return candidates.FindAll(c => pattern.IsMatch(c.Key));
            }
            List<KeyValuePair<string, string>> ranked = candidates.FindAll(c => c.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase));
            ranked.AddRange(candidates.FindAll(c => !c.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase) &&
                c.Key.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0));
            return ranked;
        }
    }
}
