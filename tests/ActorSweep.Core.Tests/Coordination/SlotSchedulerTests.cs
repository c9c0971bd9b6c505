using ActorSweep.Core.Coordination;
using ActorSweep.Core.Study;
using ActorSweep.Core.Tasks;
using ActorSweep.Core.Tests.Study;

namespace ActorSweep.Core.Tests.Coordination;

/// <summary>
/// The scheduler alone, without an ActorSystem: which slot gets which task, prefetch, revocation, and the races the
/// coordinator once lost (a re-ask crossing a sent task, a restarted slot's queued lease, an ask-ahead of a failing slot).
/// The session applies decisions at once and "journals" them when <see cref="Session.Deliver"/> is called, as the actor's
/// persist callback does later.
/// </summary>
public class SlotSchedulerTests
{
    private static readonly DateTime T0 = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Reask = TimeSpan.FromSeconds(2);

    /// <summary>Two IMP chains (2 rounds each: 3 tasks of work each) and two dense runs: the chains lead the queue.</summary>
    private static TaskGraph Graph() => TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
        name = s
        dataset = synthetic
        model = lenet-16-8
        seeds = [1, 2]
        training { iterations = 10 }
        methods = [ { name = imp, rounds = 2 }, { name = dense } ]
        """, "s.hocon"));

    private sealed class Session : ICoordinatorSession
    {
        private readonly List<SendTask> _pending = new();

        public Session(TaskGraph graph, Func<CoordinatorState, CoordinatorState>? start = null) => State = (start ?? (s => s))(CoordinatorState.For(graph));

        public CoordinatorState State { get; private set; }

        public bool IsRefused => false;

        /// <summary>Tasks sent to each slot, in order: (task, attempt, asked ahead).</summary>
        public List<(string Slot, string TaskId, int Attempt, bool Ahead)> Sent { get; } = new();

        public SlotScheduler Scheduler { get; set; } = null!;

        public Decision Execute(ICoordinatorCommand command)
        {
            var decision = State.Decide(command);
            State = State.ApplyAll(decision.Events);
            _pending.AddRange(decision.Effects.OfType<SendTask>());
            return decision;
        }

        /// <summary>The journal write completed: the sends are performed.</summary>
        public void Deliver(DateTime now)
        {
            foreach (var s in _pending) Sent.Add((s.Worker, s.TaskId, s.Attempt, Scheduler.Sent(s.Worker, s.TaskId, s.Attempt, now)));
            _pending.Clear();
        }
    }

    private static (Session Session, SlotScheduler Scheduler) Start()
    {
        var session = new Session(Graph());
        session.Scheduler = new SlotScheduler(session, Reask);
        return (session, session.Scheduler);
    }

    [Test]
    public void AnIdleSlot_GetsTheTaskOfMostWork_AndAnAskAheadIsQueuedBehindTheRunningOne()
    {
        var (session, scheduler) = Start();
        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        var first = session.Sent.Single();
        Assert.That(session.State.Tasks[first.TaskId].Spec.Method, Is.EqualTo("imp"), "a chain before a dense run");
        Assert.That(first.Ahead, Is.False);

        scheduler.Request("a", new SlotRequest("n1", WorkRequestMode.Ahead, first.TaskId), SlotArrival.Known, T0);
        session.Deliver(T0);
        var queued = session.Sent[1];
        Assert.That((queued.Slot, queued.Ahead, session.State.Tasks[queued.TaskId].Spec.Method), Is.EqualTo(("a", true, "imp")));
        Assert.That(scheduler.Queued, Is.EqualTo(new Dictionary<string, string> { ["a"] = queued.TaskId }));
        Assert.That(scheduler.TakeOrders(), Has.Exactly(1).TypeOf<QueuedChanged>());
    }

    [Test]
    public void AQueuedLeaseOfMoreWork_IsRevokedForAnIdleSlot_WhichWaitsForIt_RatherThanStartALesserTask()
    {
        var (session, scheduler) = Start();
        scheduler.Request("busy", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        scheduler.Request("busy", new SlotRequest("n1", WorkRequestMode.Ahead, session.Sent[0].TaskId), SlotArrival.Known, T0);
        session.Deliver(T0);
        var queued = session.Sent[1];
        scheduler.TakeOrders();

        scheduler.Request("idle", new SlotRequest("n2"), SlotArrival.New, T0);   // only dense runs are ready: less work
        session.Deliver(T0);
        Assert.That(scheduler.TakeOrders(), Is.EqualTo(new SlotOrder[] { new RevokeOrder("busy", queued.TaskId, queued.Attempt) }));
        Assert.That(session.Sent, Has.Count.EqualTo(2), "the idle slot waits for the revoked lease");
        Assert.That(scheduler.Waiting, Is.EqualTo(new[] { "idle" }));

        scheduler.Returned("busy", queued.TaskId, queued.Attempt);
        session.Deliver(T0);
        Assert.That(session.Sent[2], Is.EqualTo(("idle", queued.TaskId, 1, false)), "the same attempt: a returned lease never ran");
    }

    [Test]
    public void AQueuedLeaseOfEqualWork_StaysQueued_AndTheIdleSlotTakesTheReadyTask()
    {
        var session = new Session(TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
            name = s
            dataset = synthetic
            model = lenet-16-8
            seeds = [1, 2, 3]
            training { iterations = 10 }
            methods = [ { name = dense } ]
            """, "s.hocon")));
        var scheduler = session.Scheduler = new SlotScheduler(session, Reask);
        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        scheduler.Request("a", new SlotRequest("n1", WorkRequestMode.Ahead, session.Sent[0].TaskId), SlotArrival.Known, T0);
        session.Deliver(T0);
        scheduler.TakeOrders();
        scheduler.Request("b", new SlotRequest("n2"), SlotArrival.New, T0);
        session.Deliver(T0);
        Assert.That(scheduler.TakeOrders().OfType<RevokeOrder>(), Is.Empty, "equal work never moves a lease");
        Assert.That(session.Sent.Select(s => s.TaskId).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public void AFreshReAsk_CrossingATaskJustSent_DoesNotReleaseIt_ButOneLongAfterDoes()
    {
        var (session, scheduler) = Start();
        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        var sent = session.Sent.Single();

        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.Known, T0 + Reask / 2);   // sent before the task arrived
        Assert.That(session.State.Tasks[sent.TaskId].Phase, Is.EqualTo(TaskPhase.Leased), "the slot runs it: releasing it would run it twice");
        Assert.That(session.Sent, Has.Count.EqualTo(1));

        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.Known, T0 + Reask * 3);   // the task was lost on the way
        Assert.That(session.State.Tasks[sent.TaskId].Phase, Is.EqualTo(TaskPhase.Leased), "leased again at once");
        Assert.That(session.State.Tasks[sent.TaskId].Attempts, Is.EqualTo(2), "the stale lease was released, then the slot leased it anew");
    }

    [Test]
    public void ARestartedSlot_GivesBackItsEarlierIncarnationsQueuedLeaseUncounted()
    {
        var (session, scheduler) = Start();
        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        scheduler.Request("a", new SlotRequest("n1", WorkRequestMode.Ahead, session.Sent[0].TaskId), SlotArrival.Known, T0);
        session.Deliver(T0);
        var queued = session.Sent[1];

        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.Reincarnated, T0 + TimeSpan.FromMilliseconds(10));
        session.Deliver(T0);
        Assert.That(scheduler.Queued, Is.Empty);
        // The new incarnation holds nothing: the queued lease went back uncounted (LeaseReturned) and the running one was
        // released; it then leases the task of most work again — the returned one at the same attempt, never a third.
        var returned = session.State.Tasks[queued.TaskId];
        Assert.That(returned.Attempts, Is.LessThanOrEqualTo(1), "the queued lease never ran: not an attempt");
        Assert.That(session.Sent.Skip(2).Select(s => s.Slot), Is.All.EqualTo("a"));
        Assert.That(session.Sent.Skip(2).Select(s => s.Attempt), Is.All.LessThanOrEqualTo(2));
    }

    [Test]
    public void ARetryableFailure_DropsTheSlotsAskAhead_SoNothingIsLeasedToTheIncarnationThatIsRestarting()
    {
        var session = new Session(TaskGraph.Build(new StudyLoader(StudyLoaderTests.Catalog).LoadText("""
            name = s
            dataset = synthetic
            model = lenet-16-8
            seeds = [1]
            training { iterations = 10 }
            methods = [ { name = dense } ]
            """, "s.hocon")));
        var scheduler = session.Scheduler = new SlotScheduler(session, Reask);
        scheduler.Request("a", new SlotRequest("n1"), SlotArrival.New, T0);
        session.Deliver(T0);
        var running = session.Sent.Single();
        scheduler.Request("a", new SlotRequest("n1", WorkRequestMode.Ahead, running.TaskId), SlotArrival.Known, T0);   // nothing ready: it waits
        Assert.That(scheduler.Waiting, Is.EqualTo(new[] { "a" }));

        scheduler.Failed("a", retryable: true);
        session.Execute(new FailAttempt(new TaskRecord(session.State.Tasks[running.TaskId].Spec, TaskStatuses.Failed, "boom", 1, "n1", T0, T0, null), FailureKind.Retryable));
        scheduler.Serve();
        session.Deliver(T0);
        Assert.That(session.Sent, Has.Count.EqualTo(1), "the retry is not leased to the ask-ahead of the slot that failed");
        Assert.That(scheduler.Waiting, Is.Empty);
    }

    [Test]
    public void ASlotOnAnExcludedNode_GetsNothing_AndWhenTheStudyIsFinished_EveryWaitingSlotIsTold()
    {
        var s2 = new Session(Graph(), s => s.Apply(new NodeExcluded("bad", "3 node faults")));
        var scheduler2 = s2.Scheduler = new SlotScheduler(s2, Reask);
        scheduler2.Request("x", new SlotRequest("bad"), SlotArrival.New, T0);
        s2.Deliver(T0);
        Assert.That(s2.Sent, Is.Empty);
        Assert.That(scheduler2.Waiting, Is.EqualTo(new[] { "x" }));

        scheduler2.Finish();
        Assert.That(scheduler2.TakeOrders(), Is.EqualTo(new SlotOrder[] { new NoMoreWorkOrder("x") }));
        Assert.That(scheduler2.Waiting, Is.Empty);
    }
}
