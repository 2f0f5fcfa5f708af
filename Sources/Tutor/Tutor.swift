// Tutor: lesson scripts, quizzes, progress and the demo driver.
import Commands
