using System.Text;

namespace ActorSweep.Core.Hocon;

/// <summary>
/// A HOCON parser for study and configuration files: objects with or without braces, <c>=</c> /
/// <c>:</c> / brace separators, dotted key paths, merging of repeated object keys, lists, quoted,
/// triple-quoted and unquoted strings, <c>#</c> and <c>//</c> comments, <c>+=</c>, relative
/// <c>include "file"</c>, and <c>${path}</c> / <c>${?path}</c> substitutions (falling back to
/// environment variables). Every node keeps its file, line and column, so study validation can
/// point at the exact place. Written here because Core may not depend on Akka's parser and no
/// standalone HOCON package is available.
/// </summary>
public sealed class HoconParser
{
    private const int MaxIncludeDepth = 16;
    private readonly string _file;
    private readonly string _text;
    private readonly int _includeDepth;
    private int _pos;
    private int _line = 1;
    private int _col = 1;

    private HoconParser(string file, string text, int includeDepth)
    {
        _file = file;
        _text = text;
        _includeDepth = includeDepth;
    }

    /// <summary>Parses a file; substitutions resolved.</summary>
    public static HoconObject ParseFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found", path);
        return Resolve(new HoconParser(path, File.ReadAllText(path), 0).ParseRoot());
    }

    /// <summary>Parses text; <paramref name="fileName"/> is used in positions and for relative includes.</summary>
    public static HoconObject ParseText(string text, string fileName = "<text>") =>
        Resolve(new HoconParser(fileName, text, 0).ParseRoot());

    private HoconObject ParseRoot()
    {
        SkipBlank();
        HoconObject root;
        if (Peek() == '{')
        {
            var pos = Here();
            Advance();
            root = ParseObjectBody(pos, closing: '}');
        }
        else root = ParseObjectBody(Here(), closing: null);
        SkipBlank();
        if (!AtEnd) throw Error($"unexpected '{Peek()}' after the end of the document");
        return root;
    }

    private HoconObject ParseObjectBody(HoconPosition start, char? closing)
    {
        var fields = new List<KeyValuePair<string, HoconNode>>();
        while (true)
        {
            SkipBlankAndCommas();
            if (AtEnd)
            {
                if (closing is not null) throw Error($"missing '{closing}' to close the object opened at line {start.Line}");
                break;
            }
            if (closing is not null && Peek() == closing) { Advance(); break; }
            if (Peek() is '}' or ']') throw Error($"unexpected '{Peek()}'");

            if (LooksAtInclude())
            {
                foreach (var f in ParseInclude()) MergeField(fields, f.Key, f.Value);
                continue;
            }

            var keyPos = Here();
            var path = ParseKeyPath();
            SkipSpaces();
            HoconNode value;
            var append = false;
            if (Peek() == '{')
            {
                value = ParseValue();
            }
            else
            {
                if (Peek() == '+' && PeekAt(1) == '=') { append = true; Advance(); Advance(); }
                else if (Peek() is '=' or ':') Advance();
                else throw Error($"expected '=', ':' or '{{' after key '{string.Join('.', path)}'");
                SkipSpaces();
                value = ParseValue();
            }
            for (var i = path.Count - 1; i >= 1; i--)
                value = new HoconObject(keyPos, new[] { new KeyValuePair<string, HoconNode>(path[i], value) });
            if (append)
            {
                var existing = fields.LastOrDefault(f => f.Key == path[0]).Value;
                var items = existing is HoconArray a ? a.Items.ToList() : new List<HoconNode>();
                if (existing is not null and not HoconArray) throw Error($"'+=' on '{path[0]}', which is {existing.KindName}, not a list");
                items.Add(value);
                value = new HoconArray(keyPos, items);
            }
            MergeField(fields, path[0], value);
            ExpectValueEnd(closing);
        }
        return new HoconObject(start, fields);
    }

    private static void MergeField(List<KeyValuePair<string, HoconNode>> fields, string key, HoconNode value)
    {
        var index = fields.FindIndex(f => f.Key == key);
        if (index < 0) { fields.Add(new(key, value)); return; }
        fields[index] = new(key, Merge(fields[index].Value, value));
    }

    private static HoconNode Merge(HoconNode older, HoconNode newer)
    {
        if (older is not HoconObject o || newer is not HoconObject n) return newer;
        var fields = o.Fields.ToList();
        foreach (var (k, v) in n.Fields) MergeField(fields, k, v);
        return new HoconObject(o.Position, fields);
    }

    private bool LooksAtInclude()
    {
        if (string.CompareOrdinal(_text, _pos, "include", 0, 7) != 0) return false;
        var j = _pos + 7;
        while (j < _text.Length && _text[j] is ' ' or '\t') j++;
        return j > _pos + 7 && j < _text.Length && _text[j] == '"';
    }

    private IReadOnlyList<KeyValuePair<string, HoconNode>> ParseInclude()
    {
        var pos = Here();
        for (var i = 0; i < 7; i++) Advance();
        SkipSpaces();
        var name = ParseQuoted();
        if (_includeDepth >= MaxIncludeDepth) throw new HoconException(pos, $"includes nested deeper than {MaxIncludeDepth} (a cycle?)");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(_file)) ?? ".";
        var target = Path.IsPathRooted(name) ? name : Path.Combine(baseDir, name);
        if (!File.Exists(target)) throw new HoconException(pos, $"included file '{name}' not found (looked for {target})");
        var included = new HoconParser(target, File.ReadAllText(target), _includeDepth + 1).ParseRoot();
        return included.Fields;
    }

    private List<string> ParseKeyPath()
    {
        var parts = new List<string>();
        while (true)
        {
            if (Peek() == '"') parts.Add(ParseQuoted());
            else
            {
                var sb = new StringBuilder();
                while (!AtEnd && (char.IsLetterOrDigit(Peek()) || Peek() is '-' or '_')) { sb.Append(Peek()); Advance(); }
                if (sb.Length == 0) throw Error(AtEnd ? "expected a key" : $"expected a key, found '{Peek()}'");
                parts.Add(sb.ToString());
            }
            if (Peek() == '.') { Advance(); continue; }
            return parts;
        }
    }

    private HoconNode ParseValue()
    {
        if (AtEnd) throw Error("expected a value, found the end of the file");
        var pos = Here();
        switch (Peek())
        {
            case '{':
                Advance();
                return ParseObjectBody(pos, '}');
            case '[':
                Advance();
                return ParseArray(pos);
            case '"':
                return new HoconScalar(pos, ParseQuoted(), Quoted: true);
            case '$' when PeekAt(1) == '{':
                return ParseSubstitution(pos);
            default:
                return ParseUnquoted(pos);
        }
    }

    private HoconArray ParseArray(HoconPosition start)
    {
        var items = new List<HoconNode>();
        while (true)
        {
            SkipBlankAndCommas();
            if (AtEnd) throw new HoconException(start, "missing ']' to close this list");
            if (Peek() == ']') { Advance(); return new HoconArray(start, items); }
            items.Add(ParseValue());
            ExpectValueEnd(']');
        }
    }

    private HoconSubstitution ParseSubstitution(HoconPosition pos)
    {
        Advance(); Advance();
        var optional = false;
        if (Peek() == '?') { optional = true; Advance(); }
        var sb = new StringBuilder();
        while (!AtEnd && Peek() != '}' && Peek() != '\n') { sb.Append(Peek()); Advance(); }
        if (Peek() != '}') throw new HoconException(pos, "unterminated substitution '${'");
        Advance();
        var path = sb.ToString().Trim();
        if (path.Length == 0) throw new HoconException(pos, "empty substitution '${}'");
        return new HoconSubstitution(pos, path, optional);
    }

    private HoconScalar ParseUnquoted(HoconPosition pos)
    {
        var sb = new StringBuilder();
        while (!AtEnd)
        {
            var c = Peek();
            if (c is '\n' or ',' or '}' or ']' or '#' or '{' or '[' or '"' or '=' or ':' or '$') break;
            if (c == '/' && PeekAt(1) == '/') break;
            sb.Append(c);
            Advance();
        }
        var text = sb.ToString().TrimEnd(' ', '\t', '\r');
        if (text.Length == 0) throw new HoconException(pos, AtEnd ? "expected a value" : $"expected a value, found '{Peek()}'");
        return new HoconScalar(pos, text, Quoted: false);
    }

    private string ParseQuoted()
    {
        var start = Here();
        if (string.CompareOrdinal(_text, _pos, "\"\"\"", 0, 3) == 0)
        {
            for (var i = 0; i < 3; i++) Advance();
            var end = _text.IndexOf("\"\"\"", _pos, StringComparison.Ordinal);
            if (end < 0) throw new HoconException(start, "unterminated \"\"\" string");
            var raw = _text[_pos..end];
            while (_pos < end + 3) Advance();
            return raw;
        }
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw new HoconException(start, "unterminated string");
            var c = Peek();
            Advance();
            if (c == '"') return sb.ToString();
            if (c != '\\') { sb.Append(c); continue; }
            var e = Peek();
            Advance();
            switch (e)
            {
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u':
                    var hex = _pos + 4 <= _text.Length ? _text.Substring(_pos, 4) : "";
                    if (!int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out var code)) throw Error("bad \\u escape");
                    for (var i = 0; i < 4; i++) Advance();
                    sb.Append((char)code);
                    break;
                default: throw Error($"unknown escape '\\{e}'");
            }
        }
    }

    private void ExpectValueEnd(char? closing)
    {
        SkipSpaces();
        if (AtEnd || Peek() is '\n' or ',' or '#' || (Peek() == '/' && PeekAt(1) == '/')) return;
        if (closing is not null && Peek() == closing) return;
        throw Error($"unexpected '{Peek()}' after a value (expected a newline, ',' or {(closing is null ? "the end" : $"'{closing}'")})");
    }

    private static HoconObject Resolve(HoconObject root)
    {
        var resolved = ResolveNode(root, root, 0);
        return (HoconObject)resolved!;
    }

    private static HoconNode? ResolveNode(HoconNode node, HoconObject root, int depth)
    {
        if (depth > 32) throw new HoconException(node.Position, "substitutions nested too deep (a cycle?)");
        switch (node)
        {
            case HoconSubstitution s:
                var target = Lookup(root, s.Path);
                if (target is not null) return ResolveNode(target, root, depth + 1);
                var env = Environment.GetEnvironmentVariable(s.Path);
                if (env is not null) return new HoconScalar(s.Position, env, Quoted: true);
                if (s.Optional) return null;
                throw new HoconException(s.Position, $"substitution ${{{s.Path}}} is not defined in the file nor in the environment");
            case HoconObject o:
                var fields = new List<KeyValuePair<string, HoconNode>>();
                foreach (var (k, v) in o.Fields)
                {
                    var r = ResolveNode(v, root, depth);
                    if (r is not null) fields.Add(new(k, r));
                }
                return new HoconObject(o.Position, fields);
            case HoconArray a:
                return new HoconArray(a.Position, a.Items.Select(i => ResolveNode(i, root, depth)).Where(i => i is not null).ToList()!);
            default:
                return node;
        }
    }

    private static HoconNode? Lookup(HoconObject root, string path)
    {
        HoconNode? current = root;
        foreach (var part in path.Split('.'))
        {
            if (current is not HoconObject o) return null;
            current = o.Get(part.Trim('"'));
            if (current is null) return null;
        }
        return current;
    }

    private bool AtEnd => _pos >= _text.Length;
    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';
    private char PeekAt(int offset) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';
    private HoconPosition Here() => new(_file, _line, _col);
    private HoconException Error(string message) => new(Here(), message);

    private void Advance()
    {
        if (_text[_pos] == '\n') { _line++; _col = 1; } else _col++;
        _pos++;
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Peek() is ' ' or '\t' or '\r' or '\uFEFF') Advance();
    }

    private void SkipBlank()
    {
        while (!AtEnd)
        {
            var c = Peek();
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF') Advance();
            else if (c == '#' || (c == '/' && PeekAt(1) == '/')) { while (!AtEnd && Peek() != '\n') Advance(); }
            else break;
        }
    }

    private void SkipBlankAndCommas()
    {
        while (true)
        {
            SkipBlank();
            if (Peek() == ',') { Advance(); continue; }
            return;
        }
    }
}
