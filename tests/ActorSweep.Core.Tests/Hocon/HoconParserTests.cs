using ActorSweep.Core.Hocon;

namespace ActorSweep.Core.Tests.Hocon;

public class HoconParserTests
{
    [Test]
    public void Parse_DottedKeysAndRepeatedObjects_MergeIntoOneTree()
    {
        var root = HoconParser.ParseText("""
            a.b = 1
            a { c = "two" }
            a.b = 3   # later wins
            """);
        var a = (HoconObject)root.Get("a")!;
        Assert.That(((HoconScalar)a.Get("b")!).Text, Is.EqualTo("3"));
        Assert.That(((HoconScalar)a.Get("c")!).Text, Is.EqualTo("two"));
        Assert.That(((HoconScalar)a.Get("c")!).Quoted, Is.True);
    }

    [Test]
    public void Parse_ListsAcrossLinesWithCommentsAndTrailingCommas_KeepsAllItems()
    {
        var root = HoconParser.ParseText("""
            xs = [
              1, 2   // two
              3,
            ]
            ys: [ {n = a}, {n = b} ]
            """);
        Assert.That(((HoconArray)root.Get("xs")!).Items.Cast<HoconScalar>().Select(s => s.Text), Is.EqualTo(new[] { "1", "2", "3" }));
        Assert.That(((HoconArray)root.Get("ys")!).Items, Has.Count.EqualTo(2));
    }

    [Test]
    public void Parse_SubstitutionAndAppend_ResolveAfterParsing()
    {
        var root = HoconParser.ParseText("""
            base { lr = 0.1 }
            run { lr = ${base.lr} }
            list = [1]
            list += 2
            maybe = ${?DOES_NOT_EXIST_ACTORSWEEP}
            """);
        Assert.That(((HoconScalar)((HoconObject)root.Get("run")!).Get("lr")!).Text, Is.EqualTo("0.1"));
        Assert.That(((HoconArray)root.Get("list")!).Items, Has.Count.EqualTo(2));
        Assert.That(root.Get("maybe"), Is.Null);
    }

    [Test]
    public void Parse_Include_ReadsTheFileRelativeToTheIncluder()
    {
        var dir = Directory.CreateTempSubdirectory("hocon");
        File.WriteAllText(Path.Combine(dir.FullName, "base.conf"), "training { lr = 0.5 }\n");
        File.WriteAllText(Path.Combine(dir.FullName, "main.conf"), "include \"base.conf\"\ntraining.iterations = 10\n");
        var root = HoconParser.ParseFile(Path.Combine(dir.FullName, "main.conf"));
        var training = (HoconObject)root.Get("training")!;
        Assert.That(training.Keys, Is.EquivalentTo(new[] { "lr", "iterations" }));
    }

    [Test]
    public void Parse_UnclosedObject_ReportsFileAndLine()
    {
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseText("a {\n  b = 1\n", "study.hocon"))!;
        Assert.That(e.Message, Does.StartWith("study.hocon:"));
        Assert.That(e.Message, Does.Contain("missing '}'"));
    }

    [Test]
    public void Parse_GarbageAfterValue_ReportsTheLineOfTheGarbage()
    {
        var e = Assert.Throws<HoconException>(() => HoconParser.ParseText("a = 1\nb = [1 2] ]\n", "f.conf"))!;
        Assert.That(e.Position.Line, Is.EqualTo(2));
    }
}
