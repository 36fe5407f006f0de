package dev.videochat.examples.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code videochat}, the top of the command line: the options every command takes ({@code --config FILE},
 * {@code --out DIR}, before or after the command's name), the settings they are read with, and the commands.
 */
@Command(name = "videochat", mixinStandardHelpOptions = true, versionProvider = VideoChatCommand.Version.class,
        description = "Talks to you as a lip-synced digital human: voice and video, on the engines the settings name.",
        subcommands = {SpeakCommand.class, ChatCommand.class, PrepareAvatarCommand.class, ServeCommand.class,
                ProvidersCommand.class, TritonRepoCommand.class, HelpCommand.class},
        footerHeading = "%nSettings (a -Dvideochat.* property wins over the variable, and the variable over%n"
                + "the --config file):%n",
        footer = {
                "  VIDEOCHAT_TTS     the voice (default offline: FreeTTS, espeak-ng for Chinese)",
                "  VIDEOCHAT_THG     the talking head (default sprite; or musetalk)",
                "  VIDEOCHAT_MUX     the muxer (default ffmpeg)",
                "  VIDEOCHAT_LLM     the language model of chat and serve: openai, dashscope,",
                "                    ollama, openai-compatible (VIDEOCHAT_LLM_BASE_URL, _MODEL)",
                "  VIDEOCHAT_ASR     the speech recognizer of serve's microphone (funasr)",
                "  VIDEOCHAT_S2S     a speech-to-speech model (realtime): chat --mode realtime",
                "  VIDEOCHAT_VAD     the voice activity detector (energy, or silero)",
                "  VIDEOCHAT_VOICE   the voice, by name",
                "  VIDEOCHAT_AVATAR  the avatar, by name",
                "  VIDEOCHAT_<STAGE>_<KEY>  a setting of an engine: VIDEOCHAT_TTS_VOICE=kevin16,",
                "                    or -Dvideochat.tts.voice=kevin16, or that key in the file",
                "  VIDEOCHAT_MIN_CHARS  the shortest sentence packet after the first",
                "  VIDEOCHAT_TURN_TIMEOUT, VIDEOCHAT_STAGE_IDLE_TIMEOUT  a turn's limits",
                "                    (default 120s for the turn, 30s without progress in a stage)",
                "  VIDEOCHAT_DEBUG=1 adds the stack trace to unexpected errors",
                "'videochat providers' lists the engines; 'videochat help COMMAND' explains one."})
final class VideoChatCommand implements Callable<Integer> {

    /** Where {@code speak}, {@code chat} and {@code serve} write when neither {@code --out} nor a setting says. */
    static final String DEFAULT_OUT = "videochat-out";

    @Spec
    private CommandSpec spec;

    private Properties configFile = new Properties();

    @Option(names = "--out", paramLabel = "DIR", scope = ScopeType.INHERIT, descriptionKey = "videochat.out",
            defaultValue = DEFAULT_OUT, description = "where speak, chat and serve write; each run gets a new "
            + "session-NNN/ in it (default: ${DEFAULT-VALUE}; VIDEOCHAT_OUT)")
    private Path out;

    private final Map<String, String> env;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private ExampleConfig settings;

    /**
     * @param env    the environment variables the settings are read from
     * @param stdout where the commands print their results
     * @param stderr where they print errors and progress
     */
    VideoChatCommand(Map<String, String> env, PrintStream stdout, PrintStream stderr) {
        this.env = Map.copyOf(env);
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** {@code --config FILE}: read as it is parsed, so a missing file is a usage error that names it. */
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "a properties file of settings, one key=value a line: videochat.tts=espeak")
    private void configFile(Path file) {
        try {
            configFile = ExampleConfig.read(file);
            settings = null; // read again with the file
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, file.toString());
        }
    }

    /** No command: the usage, and the exit status of a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(stdout);
        return spec.exitCodeOnInvalidInput();
    }

    /** The settings: system properties, the environment, the {@code --config} file; once the options are parsed. */
    ExampleConfig settings() {
        if (settings == null) {
            settings = new ExampleConfig(configFile, env);
        }
        return settings;
    }

    /** The engines of the settings, writing into {@code --out}. */
    EngineFactory engines() {
        return new EngineFactory(settings(), out);
    }

    /** The environment variables the settings are read from. */
    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return stdout;
    }

    /** The folder {@code --out} names (or the setting, or the default). */
    Path outFolder() {
        return out;
    }

    PrintStream err() {
        return stderr;
    }

    /**
     * The default of an option whose {@code descriptionKey} names a setting ({@code videochat.thg.models}): its
     * value in the settings, when one is set. Picocli asks once every argument is parsed, so {@code --config} holds
     * wherever it stands on the line.
     */
    static final class SettingDefaults implements IDefaultValueProvider {

        private final VideoChatCommand root;

        SettingDefaults(VideoChatCommand root) {
            this.root = root;
        }

        @Override
        public String defaultValue(ArgSpec argument) {
            String key = argument.descriptionKey();
            return key == null || key.isEmpty() ? null : root.settings().get(key).orElse(null);
        }
    }

    /** {@code --version}: the project's version (written by the build) and the Java running it. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            return new String[] {
                    "videochat " + build.getProperty("version", "(unknown version)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
