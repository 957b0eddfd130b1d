package dev.deployer.cli;

import dev.deployer.infrastructure.engine.EngineUnavailableException;
import dev.deployer.pipeline.PipelineException;
import picocli.CommandLine;

/** Every exit code of the deployer, defined once; the help footer lists them. */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {

  public static final int OK = 0;
  public static final int VERIFICATION_FAILED = 1;
  public static final int USAGE = 2;
  public static final int PRE_CHECK_FAILED = 3;
  public static final int ROLLBACK_FAILED = 4;
  public static final int ENGINE_UNAVAILABLE = 5;
  public static final int LOCK_HELD = 6;
  /** The deploy failed and its rollback waits for the operator's approval: the failed release still runs. */
  public static final int ROLLBACK_PENDING = 7;
  /** A bug or an unforeseen condition in the deployer itself (sysexits' EX_SOFTWARE), not a verdict on the stack. */
  public static final int INTERNAL_ERROR = 70;

  public static int of(PipelineException.Kind kind) {
    return switch (kind) {
      case BAD_CONFIG -> USAGE;
      case PRE_CHECK_FAILED -> PRE_CHECK_FAILED;
      case DEPLOY_FAILED, VERIFICATION_FAILED -> VERIFICATION_FAILED;
      case ENGINE_UNAVAILABLE -> ENGINE_UNAVAILABLE;
      case LOCK_HELD -> LOCK_HELD;
      case ROLLBACK_FAILED -> ROLLBACK_FAILED;
      case ROLLBACK_PENDING -> ROLLBACK_PENDING;
    };
  }

  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof PipelineException pipeline) {
      return of(pipeline.kind());
    }
    if (exception instanceof EngineUnavailableException) {
      return ENGINE_UNAVAILABLE;
    }
    if (exception instanceof CommandLine.ParameterException || exception instanceof StackOptions.ConfigUnreadable) {
      return USAGE;
    }
    return INTERNAL_ERROR;
  }
}
