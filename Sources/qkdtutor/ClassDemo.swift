import ClassClient
import ClassProtocol
import Commands
import Foundation
import Tutor

/// `demo LESSON --class HOST`: the projector joins as the teacher, opens the
/// lesson for the students, and shows the live panel through a DemoStage.
enum ClassDemo {
    static func stage(_ server: String?, lesson: Lesson, style: TextStyle) throws -> ClassPanelStage? {
        guard let server else { return nil }
        let link = try TeacherLink.connect(server: server, token: nil)
        link.enqueue(.open(OpenLesson(lesson: lesson.metadata.id)))
        guard link.flush(timeout: 10) == 0 else { throw RequestError("the class server did not confirm opening '\(lesson.metadata.id)'") }
        return ClassPanelStage(inner: nil, link: link, style: style)
    }
}
