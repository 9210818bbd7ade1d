/**
 * The templates a new data folder starts with: three of the uses people make
 * of Gemini's image models most, each a long prompt that is tedious to retype.
 * Users may edit or delete them like their own.
 */
import type { PromptTemplate } from '../../../shared/promptTemplates';

export const BUILT_IN_TEMPLATES: readonly PromptTemplate[] = [
  {
    name: 'figurine',
    description: 'The character in image 1 as a 1/7-scale collectible figure on a desk',
    prompt:
      'Make a photograph of a 1/7-scale collectible figure of the character in {image 1}, ' +
      'sculpted and painted as a premium commercial figure in a {style} finish. ' +
      'It stands on a clear, round acrylic base on a {desk} desk. ' +
      'Behind it, a computer screen shows the same figure being modelled in 3D software, ' +
      "and beside the screen stands the figure's toy box, printed with the character's artwork. " +
      'Indoor setting, {lighting}, sharp focus on the figure.',
    defaults: { style: 'realistic', desk: 'wooden', lighting: 'soft daylight from a window' },
  },
  {
    name: 'outfit',
    description: 'The person in image 1 wearing the outfit and accessories in images 2 and up',
    prompt:
      'Show the person in {image 1} wearing the clothes and accessories shown in {image 2} ' +
      'and in any images after it. Keep their face, hair, body and pose as they are; ' +
      'fit each garment to them naturally, with believable folds and fabric, and keep the colours, ' +
      'patterns and details of every piece. A full-length {style} photograph against a {background} background.',
    defaults: { style: 'fashion catalogue', background: 'plain light grey' },
  },
  {
    name: 'product-scene',
    description: 'The product in image 1 placed in a scene you name (beach, studio, street…)',
    prompt:
      'Place the product from {image 1} in this scene: {scene}. ' +
      'Keep the product exactly as it is: its shape, proportions, colours, label and text. ' +
      'Match the light, shadows and reflections on it to the scene so it looks photographed there. ' +
      '{style}.',
    defaults: { style: 'Commercial product photography, sharp focus, shallow depth of field' },
  },
];
