/// Greedy word wrap: prose is stored as paragraphs and fitted to the screen.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        let room = max(10, width - indent.count)
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if current.isEmpty { current = String(word) }
            else if current.count + 1 + word.count <= room { current += " " + word }
            else { lines.append(indent + current); current = String(word) }
        }
        if !current.isEmpty { lines.append(indent + current) }
        return lines
    }
}
