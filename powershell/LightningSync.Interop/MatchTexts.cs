using System;

namespace LightningSync
{
    /// <summary>The match table of one preview result as copied out of the
    /// library: rows of Width numbers (LSYNC_PREVIEW_ROW_WIDTH, as
    /// lsync_preview_result_matches reports it: index, then offset/length pairs into
    /// Text for Name, PrimarySmtpAddress, UserPrincipalName,
    /// RecipientTypeDetails, DistinguishedName and the values JSON; offset
    /// -1 is an absent text). Shared by all matches of the result.</summary>
    internal sealed class MatchTexts
    {
        internal readonly int Width;
        internal readonly long[] Rows;
        internal readonly byte[] Text;

        internal MatchTexts(long[] rows, int width, byte[] text)
        {
            if (width < 13) { throw new FormatException("The preview's match rows are " + width + " numbers wide; this module reads rows of at least 13."); }
            Width = width;
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
