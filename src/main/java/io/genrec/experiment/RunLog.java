package io.genrec.experiment;

import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Copies everything logged while a run executes into its run.log, beside its results, so a run
 * directory explains itself after the terminal is gone. The appender hangs on the root logger from
 * construction to {@link #close}; a resumed run appends to the same file, keeping earlier attempts.
 */
public final class RunLog implements AutoCloseable {
  private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c{1} - %msg%n%throwable";

  private final LoggerContext context;
  private final FileAppender appender;

  public RunLog(Path file) {
    context = LoggerContext.getContext(false);
    Configuration config = context.getConfiguration();
    // One name per file: two runs in one JVM (tests, or a future parallel sweep) never clash.
    String name = "run-log-" + file.toAbsolutePath();
    appender = FileAppender.newBuilder()
        .setName(name)
        .setFileName(file.toAbsolutePath().toString())
        .setAppend(true)
        .setLayout(PatternLayout.newBuilder().setPattern(PATTERN).setConfiguration(config).build())
        .setConfiguration(config)
        .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
  }

  @Override
  public void close() {
    Configuration config = context.getConfiguration();
    if (config instanceof AbstractConfiguration known) {
      known.removeAppender(appender.getName()); // detaches it from every logger and stops it
    } else {
      config.getRootLogger().removeAppender(appender.getName());
    }
    context.updateLoggers();
    appender.stop();
  }
}
