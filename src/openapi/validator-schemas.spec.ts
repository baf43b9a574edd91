import { ApiProperty, DECORATORS } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { describeValidatedClasses } from './validator-schemas';

class ItemDto {
  @IsString()
  @Length(1, 8)
  name!: string;
}

class ExampleDto {
  @IsInt()
  @Min(0)
  @Max(10)
  count!: number;

  @IsOptional()
  @IsIn(['a', 'b'])
  kind?: string;

  @IsOptional()
  @IsString()
  @Matches(/^x+$/)
  limitless: string = 'xx';

  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  tags!: string[];

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];

  @ApiProperty({ description: 'stated by hand' })
  @IsString()
  explicit!: string;
}

const propertyOf = (target: object, property: string) => Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, target, property);

describe('describeValidatedClasses', () => {
  beforeAll(() => describeValidatedClasses());

  it('turns value rules into the schema keywords they imply', () => {
    expect(propertyOf(ExampleDto.prototype, 'count')).toMatchObject({ required: true, type: 'integer', minimum: 0, maximum: 10 });
    expect(propertyOf(ItemDto.prototype, 'name')).toMatchObject({ type: 'string', minLength: 1, maxLength: 8 });
  });

  it('marks IsOptional fields as not required and takes field initialisers as defaults', () => {
    expect(propertyOf(ExampleDto.prototype, 'kind')).toMatchObject({ required: false, enum: ['a', 'b'] });
    expect(propertyOf(ExampleDto.prototype, 'limitless')).toMatchObject({ required: false, pattern: '^x+$', default: 'xx' });
  });

  it('applies `each` rules to the items and nested DTOs by their @Type', () => {
    expect(propertyOf(ExampleDto.prototype, 'tags')).toMatchObject({ type: 'array', maxItems: 3, items: { type: 'string' } });
    expect(propertyOf(ExampleDto.prototype, 'items')).toMatchObject({ type: ItemDto, isArray: true });
  });

  it('leaves an explicit @ApiProperty alone', () => {
    expect(propertyOf(ExampleDto.prototype, 'explicit')).toEqual(expect.objectContaining({ description: 'stated by hand' }));
    expect(propertyOf(ExampleDto.prototype, 'explicit').type).toBe(String);
  });
});
