using System;

namespace LightningSync
{
    /// <summary>The match table of one preview result as copied out of the
    /// library: rows of 13 numbers (index, then offset/length pairs into
    /// Text for Name, PrimarySmtpAddress, UserPrincipalName,
    /// RecipientTypeDetails, DistinguishedName and the values JSON; offset
    /// -1 is an absent text). Shared by all matches of the result.</summary>
    internal sealed class MatchTexts
    {
        internal const int Width = 13;
        internal readonly long[] Rows;
        internal readonly byte[] Text;

        internal MatchTexts(long[] rows, byte[] text)
        {
            Rows = rows;
            Text = text;
        }

        internal int Count { get { return Rows.Length / Width; } }

        /// <summary>Text `column` (0 Name ... 5 values JSON) of `row`.</summary>
        internal string Cell(int row, int column)
        {
            int at = row * Width + 1 + 2 * column;
            long offset = Rows[at];
            if (offset == -1) { return null; }
            long length = Rows[at + 1];
            if (offset < 0 || length < 0 || offset + length > Text.Length) { throw new FormatException("A preview match points outside its text."); }
            return System.Text.Encoding.UTF8.GetString(Text, (int)offset, (int)length);
        }
    }
}
