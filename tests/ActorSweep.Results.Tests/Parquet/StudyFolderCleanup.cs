namespace ActorSweep.Results.Tests.Parquet;

/// <summary>Deletes the study folders the tests of this namespace created, once they have all run.</summary>
[SetUpFixture]
public class StudyFolderCleanup
{
    [OneTimeTearDown]
    public void DeleteStudyFolders() => TestRecords.DeleteAll();
}
