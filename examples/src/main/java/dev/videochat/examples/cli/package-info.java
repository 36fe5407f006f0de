/**
 * The {@code videochat} command line: {@link dev.videochat.examples.cli.Main} runs picocli over
 * {@code VideoChatCommand} and its subcommands ({@code speak}, {@code chat}, {@code prepare-avatar}, {@code serve},
 * {@code providers}, {@code help}). Picocli parses and types the options, writes every command's help and the
 * version, and says which option was wrong; the commands only do their work.
 *
 * <p>What stays written by hand, and why:
 * <ul>
 *   <li>{@code ExampleConfig}, the settings: an engine takes any {@code VIDEOCHAT_<STAGE>_<KEY>} variable,
 *       {@code -Dvideochat.<stage>.<key>} property or key of the {@code --config} file, keys no option declares,
 *       gathered by prefix and handed to the provider as they are. Picocli's default-value provider covers declared
 *       options only, so it reads the same settings for them (an option's {@code descriptionKey} names its
 *       setting) instead of owning them.</li>
 *   <li>{@code OutputFolder}: why a folder cannot be written in (a file in the way, no permission, a read-only
 *       file system) is a question about the file system, not about parsing.</li>
 *   <li>The progress bar of {@code prepare-avatar}: thirty lines on standard error; the progress-bar libraries
 *       bring a terminal library with them for what one carriage return does here.</li>
 * </ul>
 */
package dev.videochat.examples.cli;
