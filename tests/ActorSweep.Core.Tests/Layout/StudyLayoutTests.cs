using ActorSweep.Core.Layout;

namespace ActorSweep.Core.Tests.Layout;

public class StudyLayoutTests
{
    [TestCase("/tmp/studies/quick/")]
    [TestCase("/tmp/studies/quick")]
    [TestCase("/tmp/studies/quick//")]
    public void Root_IgnoresATrailingSlash_SoTheFolderNameIsTheStudyName(string path)
    {
        var layout = new StudyLayout(path);
        Assert.That(layout.Root, Is.EqualTo("/tmp/studies/quick"));
        Assert.That(Path.GetFileName(layout.Root), Is.EqualTo("quick"), "`actorsweep report out/quick/` (shell completion adds the slash) names the study");
    }
}
