import { z } from 'zod'

type Node = z.core.$ZodType | undefined

/** The schema node at `path` inside `root`, unwrapping optional/default/array/record layers. */
function nodeAt(root: z.ZodType, path: readonly PropertyKey[]): Node {
  let node = unwrap(root)
  for (const seg of path) {
    if (node instanceof z.ZodObject && typeof seg === 'string') node = unwrap((node.shape as Record<string, Node>)[seg])
    else if (node instanceof z.ZodArray && typeof seg === 'number') node = unwrap(node.element)
    else if (node instanceof z.ZodRecord && typeof seg === 'string') node = unwrap(node.valueType)
    else return undefined
  }
  return node
}

function unwrap(node: Node): Node {
  let n = node
  while (n instanceof z.ZodOptional || n instanceof z.ZodDefault) n = n.unwrap()
  return n
}

/** Keys the object at `path` accepts, or [] when `path` is not an object. */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const node = nodeAt(root, path)
  return node instanceof z.ZodObject ? Object.keys(node.shape) : []
}
