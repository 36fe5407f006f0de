package dev.videochat.micrometer;

import dev.videochat.api.Stage;
import dev.videochat.api.turn.PacketMetrics;
import dev.videochat.api.turn.TurnEvent;
import dev.videochat.api.turn.TurnMetrics;
import dev.videochat.core.pipeline.PipelineGauges;
import dev.videochat.core.pipeline.PipelineObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An engine's figures as Micrometer meters, in whichever registry the application uses. Give it to the engine's
 * builder; one instance serves one engine:
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * VideoChatEngine engine = VideoChatEngine.builder()
 *         .synthesizer(tts).talkingHead(avatar).muxer(ffmpeg)
 *         .observer(new VideoChatMetrics(registry))
 *         .build();
 * }</pre>
 *
 * <p>The meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@value #SESSIONS_OPEN} ({@code videochat_sessions_open}): sessions open now;
 *       {@value #SESSIONS_OPENED} ({@code videochat_sessions_opened_total}): sessions opened.</li>
 *   <li>{@value #TURNS} ({@code videochat_turns_total}), tag {@code outcome} = {@code done}, {@code failed} or
 *       {@code cancelled}: turns ended.</li>
 *   <li>{@value #FIRST_PACKET} ({@code videochat_turn_first_packet_seconds}): from the user's input to the first
 *       playable segment, once per turn that produced one; a histogram (buckets from 50 ms to 30 s, which
 *       Prometheus turns into quantiles with {@code histogram_quantile}, across instances too) and, for registries
 *       that publish them, the 0.5, 0.9 and 0.99 percentiles of this instance.</li>
 *   <li>{@value #PACKET_STAGE} ({@code videochat_packet_stage_seconds}), tag {@code stage} = {@code llm},
 *       {@code tts}, {@code thg} or {@code mux}: the wall time each stage spent on one packet, once per packet that
 *       reached the outputs (see {@link PacketMetrics} for where each is measured).</li>
 *   <li>{@value #FRAMES} ({@code videochat_frames_written_total}): video frames written to the muxers, idle frames
 *       included; its rate is the frames per second the engine puts out.</li>
 *   <li>{@value #QUEUE_ITEMS} ({@code videochat_queue_items}) and {@value #QUEUE_BYTES}
 *       ({@code videochat_queue_bytes}), tag {@code stage} = {@code tts}, {@code thg} or {@code mux}: what waits in
 *       the running turns' queues in front of that stage.</li>
 *   <li>{@value #THG_CAPACITY} ({@code videochat_thg_capacity_sessions}): how many more sessions the talking head
 *       takes at its avatars' frame rate, the figure its admission goes by (MuseTalk's face worker measures it);
 *       NaN when the talking head does not say.</li>
 * </ul>
 * Counts and times are taken from the turn events on each session's event thread; levels are read from the engine
 * when the registry samples them. No meter is tagged by session or turn, so their number stays fixed however many
 * sessions come and go.
 */
public final class VideoChatMetrics implements PipelineObserver {

    /** Gauge: sessions open now. */
    public static final String SESSIONS_OPEN = "videochat.sessions.open";
    /** Counter: sessions opened. */
    public static final String SESSIONS_OPENED = "videochat.sessions.opened";
    /** Counter of ended turns, tagged {@code outcome}. */
    public static final String TURNS = "videochat.turns";
    /** Timer: a turn's first-packet latency. */
    public static final String FIRST_PACKET = "videochat.turn.first.packet";
    /** Timer: a stage's time on one packet, tagged {@code stage}. */
    public static final String PACKET_STAGE = "videochat.packet.stage";
    /** Counter: video frames written. */
    public static final String FRAMES = "videochat.frames.written";
    /** Gauge: queued items in front of a stage, tagged {@code stage}. */
    public static final String QUEUE_ITEMS = "videochat.queue.items";
    /** Gauge: queued bytes in front of a stage, tagged {@code stage}. */
    public static final String QUEUE_BYTES = "videochat.queue.bytes";
    /** Gauge: more sessions the talking head takes now. */
    public static final String THG_CAPACITY = "videochat.thg.capacity.sessions";

    private static final Stage[] QUEUED = {Stage.TTS, Stage.THG, Stage.MUX};

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter done;
    private final Counter failed;
    private final Counter cancelled;
    private final Timer firstPacket;
    private final Timer llm;
    private final Timer tts;
    private final Timer thg;
    private final Timer mux;
    private final AtomicBoolean bound = new AtomicBoolean();

    /** Meters in {@code registry}, with no tags of their own. */
    public VideoChatMetrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /**
     * Meters in {@code registry}, each with {@code tags} as well (an {@code engine} name when one application runs
     * several engines into one registry).
     */
    public VideoChatMetrics(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
        this.done = turns("done");
        this.failed = turns("failed");
        this.cancelled = turns("cancelled");
        this.firstPacket = Timer.builder(FIRST_PACKET)
                .description("From the user's input to the turn's first playable segment")
                .tags(this.tags)
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(50))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.llm = stage(Stage.LLM);
        this.tts = stage(Stage.TTS);
        this.thg = stage(Stage.THG);
        this.mux = stage(Stage.MUX);
    }

    private Counter turns(String outcome) {
        return Counter.builder(TURNS).description("Turns ended, by how they ended")
                .tags(tags).tag("outcome", outcome).register(registry);
    }

    private Timer stage(Stage stage) {
        return Timer.builder(PACKET_STAGE).description("Wall time a stage spent on one packet")
                .tags(tags).tag("stage", tagValue(stage)).register(registry);
    }

    private static String tagValue(Stage stage) {
        return stage.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Registers the meters that read the engine's levels.
     *
     * @throws IllegalStateException when this instance already serves an engine: their levels would share meters
     */
    @Override
    public void engineBuilt(PipelineGauges gauges) {
        if (!bound.compareAndSet(false, true)) {
            throw new IllegalStateException("this VideoChatMetrics already reports an engine; give each engine its "
                    + "own, with a tag that tells them apart (new VideoChatMetrics(registry, Tags.of(\"engine\", "
                    + "name)))");
        }
        Gauge.builder(SESSIONS_OPEN, gauges, PipelineGauges::openSessions)
                .description("Sessions open now").tags(tags).register(registry);
        FunctionCounter.builder(SESSIONS_OPENED, gauges, PipelineGauges::sessionsOpened)
                .description("Sessions opened").tags(tags).register(registry);
        FunctionCounter.builder(FRAMES, gauges, PipelineGauges::framesWritten)
                .description("Video frames written to the muxers, idle frames included").tags(tags)
                .register(registry);
        for (Stage stage : QUEUED) {
            Gauge.builder(QUEUE_ITEMS, gauges, g -> g.queuedItems(stage))
                    .description("Items waiting in the running turns' queues in front of a stage")
                    .tags(tags).tag("stage", tagValue(stage)).register(registry);
            Gauge.builder(QUEUE_BYTES, gauges, g -> g.queuedBytes(stage))
                    .description("Bytes waiting in the running turns' queues in front of a stage")
                    .baseUnit("bytes").tags(tags).tag("stage", tagValue(stage)).register(registry);
        }
        Gauge.builder(THG_CAPACITY, gauges, VideoChatMetrics::spareSessions)
                .description("More sessions the talking head takes now at its avatars' frame rate (NaN: unknown)")
                .tags(tags).register(registry);
    }

    private static double spareSessions(PipelineGauges gauges) {
        OptionalInt spare = gauges.spareTalkingHeadSessions();
        return spare.isPresent() ? spare.getAsInt() : Double.NaN;
    }

    /** Counts ended turns and records their first-packet latency and each packet's stage times. */
    @Override
    public void onTurnEvent(TurnEvent event) {
        if (event instanceof TurnEvent.PacketMetricsReady ready) {
            PacketMetrics packet = ready.metrics();
            llm.record(packet.llm());
            tts.record(packet.tts());
            thg.record(packet.thg());
            mux.record(packet.mux());
        } else if (event instanceof TurnEvent.Done end) {
            ended(done, end.metrics());
        } else if (event instanceof TurnEvent.Failed end) {
            ended(failed, end.metrics());
        } else if (event instanceof TurnEvent.Cancelled end) {
            ended(cancelled, end.metrics());
        }
    }

    private void ended(Counter outcome, TurnMetrics metrics) {
        outcome.increment();
        metrics.firstPacketLatency().ifPresent(firstPacket::record);
    }
}
