using System.Runtime.InteropServices;
using ActorSweep.Core.Tasks;
using ActorSweep.Training.Runner;

namespace ActorSweep.Training.Tests.Runner;

/// <summary>Whose fault a training exception was: the node's (re-queued, not counted), the task's for good, or unknown (retried).</summary>
public class FailureClassifierTests
{
    [Test]
    public void NodeProblems_AreNodeFaults()
    {
        Assert.That(FailureClassifier.Classify(new OutOfMemoryException(), "cpu"), Is.TypeOf<NodeFault>());
        Assert.That(FailureClassifier.Classify(new ExternalException("CUDA error: an illegal memory access was encountered"), "cuda:0"), Is.TypeOf<NodeFault>());
        Assert.That(FailureClassifier.Classify(new ExternalException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: can't allocate memory"), "cpu"), Is.TypeOf<NodeFault>());
        Assert.That(FailureClassifier.Classify(new DllNotFoundException("libtorch_cpu.so"), "cpu").Message, Does.StartWith("native library failure"));
    }

    [Test]
    public void TorchSharpsScalarRace_IsTheLibrarysFault_NotTheTasks()
    {
        // The messages the race gave on LTH tasks (a Scalar freed by its finaliser while libtorch read it).
        var toFloat = FailureClassifier.Classify(new ExternalException("Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\nException raised from toFloat at /pytorch/c10/core/Scalar.h:118 (most recent call first):"), "cpu");
        Assert.That(toFloat, Is.TypeOf<NodeFault>());
        Assert.That(toFloat.Message, Does.StartWith("library fault, not the task's").And.Contain("TorchSharp#1434"));
        Assert.That(FailureClassifier.Classify(new ExternalException("Unknown scalar type"), "cpu"), Is.TypeOf<NodeFault>());
    }

    [Test]
    public void TaskErrorsThatWouldRecur_AreDeterministic()
    {
        Assert.That(FailureClassifier.Classify(new ArgumentOutOfRangeException("validationSize"), "cpu"), Is.TypeOf<DeterministicTaskFailure>());
        Assert.That(FailureClassifier.Classify(new NotSupportedException("method.retrain 'x'"), "cpu"), Is.TypeOf<DeterministicTaskFailure>());
        // libtorch's own text. (A real c10::Error cannot be raised in this test: with Debian 12's libstdc++ under the
        // patched libLibTorchSharp, it is not caught at the C boundary and std::terminate ends the process — which is
        // why shapes are checked before anything runs: models against datasets at validation, artifacts when loaded.)
        var shape = new ExternalException("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");
        var reported = FailureClassifier.Classify(shape, "cpu");
        Assert.That(reported, Is.TypeOf<DeterministicTaskFailure>(), shape.Message);
        Assert.That(reported.Message, Does.StartWith("shape mismatch"));
    }

    [Test]
    public void OtherErrors_AreLeftAsTheyAre_AndRetried()
    {
        var io = new IOException("connection reset");
        Assert.That(FailureClassifier.Classify(io, "cpu"), Is.SameAs(io));
        var nan = new DeterministicTaskFailure("loss is NaN");
        Assert.That(FailureClassifier.Classify(nan, "cpu"), Is.SameAs(nan));
    }
}
